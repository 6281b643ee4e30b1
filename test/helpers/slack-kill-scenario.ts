/**
 * Issue 19 item 3's scenario on Slack (test/slack/slack-replica-kill.test.ts, bench/slack-kill-bench.ts):
 * N direct messages acked by replica A, which is killed; B answers each once (replica-kill.ts).
 */
import type { RecordingServer } from './recording-server.js';
import { FAILURE_LINES, runReplicaKill, type KillScenarioResult } from './replica-kill.js';
import { SIGNING_SECRET, directMessage, eventEnvelope, postEvent } from '../slack/slack-harness.js';

export type { KillScenarioResult } from './replica-kill.js';

export async function runKillScenario(options: {
  /** How both replicas reach the database (DATABASE_URL). */
  databaseEnv: Record<string, string>;
  server: RecordingServer;
  questions: number;
  /** WORK_LEASE_SECONDS and WORK_POLL_MS for both replicas (production defaults when unset). */
  leaseSeconds?: number;
  pollMs?: number;
  /** Longest wait for B's answers after the kill. */
  timeoutMs?: number;
}): Promise<KillScenarioResult> {
  const { server, questions } = options;
  return runReplicaKill({
    ...options,
    platformEnv: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: server.slackApiUrl },
    workKind: 'slack.direct_message',
    // A is mid-answer on as many questions as it works on at once (8); the rest wait in its queue.
    inFlight: Math.min(questions, 8),
    async send(url) {
      const run = `${Date.now()}`.slice(-6);
      const channels = Array.from({ length: questions }, (_, i) => `D0K${run}${String(i).padStart(3, '0')}`);
      const acks = await Promise.all(channels.map((channel) => postEvent(url, eventEnvelope(directMessage(channel)))));
      if (acks.some((ack) => ack.status !== 200)) throw new Error(`acks: ${acks.map((ack) => ack.status).join(', ')}`);
      return channels;
    },
    answered: () =>
      server
        .requestsTo('/api/chat.postMessage')
        .filter((r) => !FAILURE_LINES.has(String(r.body.text)))
        .map((r) => String(r.body.channel)),
  });
}
