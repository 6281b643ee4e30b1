import type { TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { message } from '../../src/core/messages/index.js';
import { createSilentLogger } from '../../src/logger.js';
import { createPlatformWorkDispatcher, type PlatformWorkDispatcher } from '../../src/scheduler/platform-work-dispatcher.js';
import { activityFromBody, durableActivities, TEAMS_ACTIVITY_WORK } from '../../src/teams/durable-activities.js';
import { TeamsCloudAdapter } from '../../src/teams/teams-cloud-adapter.js';
import { createTeamsAuthentication } from '../../src/teams/teams-notifier.js';
import { startFakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { CHAIR, personalMessage, startTeamsHarness, type TeamsHarness } from './teams-harness.js';

// Issue 19 item 3 on the real Teams path: a message is recorded before its 200, a Teams retry is not
// a second job, and work left by a replica that died (its lease run out) is answered once, by one
// replica, and not at all when the dead replica's answer had already gone out.
const logger = createSilentLogger();
const QUESTION = 'How many border crossing points are connected to INTERPOL I-24/7 in Valdoria?';
let h: TeamsHarness;
let work: PlatformWorkDispatcher;

beforeAll(async () => {
  // No timer polls: each test polls when it means to.
  h = await startTeamsHarness({ WORK_POLL_MS: '600000' });
  work = h.app.work!;
}, 60_000);
afterAll(async () => {
  await h?.close();
});

type Activity = ReturnType<typeof personalMessage>;
const keyOf = (activity: Activity) => `${activity.conversation.id}|${activity.id}`;
/** Messages (not typing or stream updates) the bot sent in answer to this activity. */
const answersTo = (activity: Activity) =>
  h.server.teamsActivities.filter((a) => a.replyToId === activity.id && (a.activity.type ?? 'message') === 'message');
const row = async (activity: Activity) =>
  (
    await h.app.db.query<{ attempts: number; replied: boolean; done: boolean; last_error: string | null; owner: string | null }>(
      `SELECT attempts, replied_at IS NOT NULL AS replied, done_at IS NOT NULL AS done, last_error, lease_owner AS owner
         FROM platform_work WHERE platform = 'teams' AND event_key = $1`,
      [keyOf(activity)],
    )
  ).rows;

/**
 * A replica that accepted `activity` through the real Teams path (authenticated, recorded with its
 * claims) and died in `turn`: its lease (1 ms) is out at once and nobody renews it.
 */
async function acceptedByDyingReplica(activity: Activity, turn: (context: TurnContext) => Promise<void>) {
  const adapter = new TeamsCloudAdapter(
    createTeamsAuthentication(loadConfig({ ...h.test.env, TEAMS_ALLOW_UNAUTHENTICATED: 'true' }).teams),
  );
  const dying = createPlatformWorkDispatcher({ db: h.app.db, logger, leaseMs: 1, owner: 'replica-dead' });
  const durable = durableActivities({ adapter, work: dying, handle: turn, logger });
  const parsed = activityFromBody(structuredClone(activity))!;
  expect(await durable.accept(await adapter.authenticate(parsed, ''), parsed)).toBe(true);
}
const never = () => new Promise<void>(() => undefined);

describe('Teams messages on the platform-work queue', () => {
  it('records a message before its 200 and answers it once; a Teams retry of it is not a second job', async () => {
    const activity = personalMessage(h.server, CHAIR, QUESTION);
    expect((await h.post(activity)).status).toBe(200);
    expect((await h.post(activity)).status).toBe(200);
    expect(answersTo(activity)).toHaveLength(1);
    expect(await row(activity)).toEqual([{ attempts: 1, replied: true, done: true, last_error: null, owner: work.owner }]);
  });

  it('reclaims a stale lease once, not twice, when two replicas look at the same moment, and answers it through the Connector', async () => {
    const activity = personalMessage(h.server, CHAIR, QUESTION);
    await acceptedByDyingReplica(activity, never);
    expect(answersTo(activity)).toHaveLength(0);

    // Another replica looking for orphaned work at the same moment.
    const other = createPlatformWorkDispatcher({ db: h.app.db, logger, owner: 'replica-other' });
    const otherRuns: unknown[] = [];
    other.register(TEAMS_ACTIVITY_WORK, async (payload) => {
      otherRuns.push(payload);
    });
    const claimed = await Promise.all([work.pollOnce(), other.pollOnce()]);
    expect(claimed[0] + claimed[1]).toBe(1);
    await Promise.all([work.idle(), other.idle()]);
    expect(answersTo(activity).length + otherRuns.length).toBe(1);

    // Done: later looks find nothing, and Teams' retry of the activity is not answered again.
    expect(await Promise.all([work.pollOnce(), other.pollOnce()])).toEqual([0, 0]);
    expect((await h.post(activity)).status).toBe(200);
    expect(answersTo(activity).length + otherRuns.length).toBe(1);
    expect(await row(activity)).toMatchObject([{ attempts: 2, replied: true, done: true, last_error: null }]);
  });

  it('a replica that reclaims work whose answer was already out finishes it without answering again', async () => {
    const activity = personalMessage(h.server, CHAIR, QUESTION);
    // The dying replica's turn got its answer out (the reply marker set as it went), then hung.
    await acceptedByDyingReplica(activity, async (context) => {
      await context.sendActivity(message('chat.searching', 'en'));
      await never();
    });
    for (const started = Date.now(); !(await row(activity))[0]?.replied;) {
      if (Date.now() - started > 10_000) throw new Error('the reply marker was never set');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await work.pollOnce()).toBe(1);
    await work.idle();
    expect(answersTo(activity).map((a) => a.activity.text)).toEqual([message('chat.searching', 'en')]);
    expect(await row(activity)).toMatchObject([{ attempts: 2, replied: true, done: true, last_error: null, owner: work.owner }]);
  });

  it('a graceful stop (SIGTERM) answers every message already accepted before it returns', async () => {
    const model = await startFakeOpenAiServer();
    // A model still writing when the stop comes: each answer is under way, not done.
    model.setDefault({ content: 'Valdoria has 9 crossings connected to INTERPOL I-24/7 [1].', delayMs: 500 });
    const stopping = await startTeamsHarness({ OPENAI_BASE_URL: model.baseUrl, LLM_MODEL: 'fake-chat', LLM_QUERY_REWRITE: 'false' });
    try {
      const activities = [1, 2, 3].map(() => personalMessage(stopping.server, CHAIR, QUESTION));
      // Straight to the route (not post(), which waits for the answers): the 200s come first.
      const statuses = await Promise.all(
        activities.map(async (activity) => {
          const response = await fetch(`${stopping.app.url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(activity),
          });
          return response.status;
        }),
      );
      expect(statuses).toEqual([200, 200, 200]);
      expect(stopping.app.work!.backlog()).toBe(3);
      await stopping.app.stop();
      const failures = [message('chat.error_database', 'en'), message('chat.error_generic', 'en')];
      const answered = (activity: Activity) =>
        stopping.server.teamsActivities.filter(
          (a) => a.replyToId === activity.id && (a.activity.type ?? 'message') === 'message' && !failures.includes(String(a.activity.text)),
        );
      expect(activities.map((activity) => answered(activity).length)).toEqual([1, 1, 1]);
    } finally {
      await stopping.close();
      await model.close();
    }
  });
});
