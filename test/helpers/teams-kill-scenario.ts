/**
 * Issue 19 item 3's scenario on Teams (test/teams/teams-replica-kill.test.ts, bench/slack-kill-bench.ts):
 * N 1:1 messages accepted by replica A, whose 1:1 streams are open and silent when it is killed; B
 * answers each once through the recording Bot Connector (replica-kill.ts). Teams' retries of the
 * same activities, sent to B afterwards, must not be answered again.
 */
import type { RecordingServer } from './recording-server.js';
import { FAILURE_LINES, runReplicaKill, type KillScenarioResult } from './replica-kill.js';
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
  leaseSeconds?: number;
  pollMs?: number;
  timeoutMs?: number;
}): Promise<TeamsKillScenarioResult> {
  const { server, questions } = options;
  // One 1:1 conversation per question, so each answer is counted where it belongs.
  const run = `${Date.now()}`.slice(-6);
  const activities = Array.from({ length: questions }, (_, i) => {
    const activity = personalMessage(server, CHAIR, options.question);
    return { ...activity, conversation: { ...activity.conversation, id: `a-personal-kill-${run}-${i}` } };
  });
  const result = await runReplicaKill({
    ...options,
    platformEnv: { TEAMS_ALLOW_UNAUTHENTICATED: 'true' },
    workKind: 'teams.activity',
    // Every accepted message runs at once: A is waiting on its model for each.
    inFlight: questions,
    async send(url) {
      const statuses = await Promise.all(activities.map((activity) => post(url, activity)));
      if (statuses.some((status) => status !== 200)) throw new Error(`A answered ${statuses.join(', ')}`);
      return activities.map((activity) => activity.conversation.id);
    },
    // Messages (not typing or stream updates).
    answered: () =>
      server.teamsActivities
        .filter(
          (a) =>
            (a.kind === 'send' || a.kind === 'reply') &&
            (a.activity.type ?? 'message') === 'message' &&
            !FAILURE_LINES.has(String(a.activity.text)),
        )
        .map((a) => a.conversationId),
    // Teams sends an activity again when it is unsure it was taken: B must not answer it twice.
    async afterAnswers(b) {
      const statuses = await Promise.all(activities.map((activity) => post(b.url, activity)));
      await b.work?.idle();
      return statuses;
    },
  });
  return { ...result, retryStatuses: result.extra ?? [] };
}
