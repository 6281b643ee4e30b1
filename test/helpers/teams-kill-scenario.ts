/**
 * Issue 19 item 3's scenario for Teams (test/teams/teams-replica-kill.test.ts): two replicas on one
 * PostgreSQL database, as slack-kill-scenario.ts runs them. Replica A is `src/main.ts` in a child
 * process whose language model never answers, so every message it accepted is mid-answer (its 1:1
 * stream opened, nothing said); B is the same composition root in this process, without a model. N
 * messages are accepted by A, A is killed with SIGKILL, and B must answer each exactly once through
 * the recording Bot Connector; Teams' retries of the same activities, sent to B afterwards, must
 * not be answered again.
 */
import { loadConfig } from '../../src/config.js';
import { createSilentLogger } from '../../src/logger.js';
import { startApp } from '../../src/main.js';
import { message } from '../../src/core/messages/index.js';
import type { RecordingServer } from './recording-server.js';
import { spawnReplica, startSilentModel, waitUntil, type KillScenarioResult } from './slack-kill-scenario.js';
import { CHAIR, personalMessage } from '../teams/teams-harness.js';

export interface TeamsKillScenarioResult extends KillScenarioResult {
  /** Statuses of the Teams retries sent to B after the kill (each 200, none answered again). */
  retryStatuses: number[];
}

const post = async (url: string, activity: Record<string, unknown>) =>
  (
    await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    })
  ).status;

export async function runTeamsKillScenario(options: {
  databaseEnv: Record<string, string>;
  server: RecordingServer;
  questions: number;
  question: string;
  leaseSeconds: number;
  pollMs: number;
  timeoutMs?: number;
}): Promise<TeamsKillScenarioResult> {
  const { server, questions } = options;
  const common = {
    ...options.databaseEnv,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    PLAYGROUND: 'off',
    REMINDERS_ENABLED: 'false',
    DEMO_DATA: 'false',
    TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    WORK_LEASE_SECONDS: String(options.leaseSeconds),
    WORK_POLL_MS: String(options.pollMs),
  };
  const model = await startSilentModel();
  const closers: (() => Promise<unknown>)[] = [() => model.close()];
  try {
    const b = await startApp(loadConfig(common), createSilentLogger());
    closers.unshift(() => b.stop());
    const a = await spawnReplica({
      ...common,
      OPENAI_BASE_URL: model.url,
      OPENAI_API_KEY: 'sk-test',
      LLM_MODEL: 'silent-model',
      LLM_EGRESS: 'internal',
      LLM_QUERY_REWRITE: 'false',
    });
    closers.unshift(async () => {
      if (a.child.exitCode === null && a.child.signalCode === null) a.child.kill('SIGKILL');
      await a.exited;
    });

    // One 1:1 conversation per question, so each answer is counted where it belongs.
    const run = `${Date.now()}`.slice(-6);
    const activities = Array.from({ length: questions }, (_, i) => {
      const activity = personalMessage(server, CHAIR, options.question);
      return { ...activity, conversation: { ...activity.conversation, id: `a-personal-kill-${run}-${i}` } };
    });
    const conversations = activities.map((activity) => activity.conversation.id);
    const statuses = await Promise.all(activities.map((activity) => post(a.url, activity)));
    if (statuses.some((status) => status !== 200)) throw new Error(`A answered ${statuses.join(', ')}`);
    // A accepted every message and is waiting on its model for each: no answer is out.
    await waitUntil(
      () => model.requests() >= questions,
      20_000,
      () => `replica A asked its model ${model.requests()} times`,
    );
    const failures = new Set([message('chat.error_database', 'en'), message('chat.error_generic', 'en')]);
    // Messages (not typing or stream updates) in the questions' conversations.
    const answers = () =>
      server.teamsActivities.filter(
        (a) =>
          conversations.includes(a.conversationId) &&
          (a.kind === 'send' || a.kind === 'reply') &&
          (a.activity.type ?? 'message') === 'message' &&
          !failures.has(String(a.activity.text)),
      );
    const postsBeforeKill = answers().length;
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    await a.exited;

    const timeoutMs = options.timeoutMs ?? 30_000;
    const answeredAll = () => {
      const answered = new Set(answers().map((a) => a.conversationId));
      return conversations.every((id) => answered.has(id));
    };
    const lastAnswerAt = (await waitUntil(answeredAll, timeoutMs).catch(() => false)) ? Date.now() : Number.NaN;
    // Teams sends an activity again when it is unsure it was taken: B must not answer it twice.
    const retryStatuses = await Promise.all(activities.map((activity) => post(b.url, activity)));
    await b.work?.idle();
    // Long enough for any second claim to have happened: two leases and polls.
    await new Promise((resolve) => setTimeout(resolve, Math.min(2 * (options.leaseSeconds * 1000 + options.pollMs), 5_000)));
    const { rows } = await b.db.query<{ done: boolean; attempts: number }>(
      `SELECT done_at IS NOT NULL AS done, attempts FROM platform_work WHERE kind = 'teams.activity' AND event_key = ANY($1::text[]) ORDER BY id`,
      [activities.map((activity) => `${activity.conversation.id}|${activity.id}`)],
    );
    const posts = answers();
    return {
      questions,
      postsPerChannel: conversations.map((id) => posts.filter((a) => a.conversationId === id).length),
      postsBeforeKill,
      killToLastAnswerMs: lastAnswerAt - killedAt,
      work: rows,
      retryStatuses,
    };
  } finally {
    for (const close of closers) await close().catch(() => undefined);
  }
}
