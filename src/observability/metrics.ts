import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus metrics (GET /metrics). One registry per process; every surface counts
 * into the same series, labelled by platform, so a dashboard compares Slack, Teams and the playground.
 * Labels never carry member ids, questions or document ids.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const metrics = {
  answers: new Counter({
    name: 'compact_answers_total',
    help: 'Questions answered, by platform and outcome (answered, not_found, no_access, failed)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  }),
  answerSeconds: new Histogram({
    name: 'compact_answer_duration_seconds',
    help: 'Time to answer a question, retrieval and model included',
    labelNames: ['platform'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  }),
  retrievalSeconds: new Histogram({
    name: 'compact_retrieval_duration_seconds',
    help: 'Time of one scoped retrieval query',
    buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  }),
  llmCalls: new Counter({
    name: 'compact_llm_calls_total',
    help: 'Chat model calls, by purpose and outcome (ok, failed)',
    labelNames: ['purpose', 'outcome'] as const,
    registers: [registry],
  }),
  llmSeconds: new Histogram({
    name: 'compact_llm_call_duration_seconds',
    help: 'Duration of one chat model call',
    labelNames: ['purpose'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [registry],
  }),
  reminders: new Counter({
    name: 'compact_reminder_deliveries_total',
    help: 'Reminder deliveries, by platform and result (sent, failed, skipped)',
    labelNames: ['platform', 'result'] as const,
    registers: [registry],
  }),
  eventsDeduplicated: new Counter({
    name: 'compact_events_deduplicated_total',
    help: 'Platform events or activities dropped because another delivery of the same one was already handled',
    labelNames: ['platform'] as const,
    registers: [registry],
  }),
  feedback: new Counter({
    name: 'compact_feedback_total',
    help: 'Answer feedback, by platform and rating (up, down)',
    labelNames: ['platform', 'rating'] as const,
    registers: [registry],
  }),
};
