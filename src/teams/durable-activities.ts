import { ActivityTypes, DeliveryModes, type Activity, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger.js';
import { metrics } from '../observability/metrics.js';
import type { PlatformWorkDispatcher } from '../scheduler/platform-work-dispatcher.js';
import type { AuthenticatedRequest, StoredAuthentication, TeamsCloudAdapter } from './teams-cloud-adapter.js';
import { describeError } from './teams-errors.js';

/** The durable side (src/scheduler/platform-work-dispatcher.ts), injected by src/app. */
export type TeamsWorkPort = Pick<PlatformWorkDispatcher, 'accept' | 'register'>;

export const TEAMS_ACTIVITY_WORK = 'teams.activity';

/** A platform_work row's payload: the activity as Teams sent it, and who was checked to send it. */
interface StoredActivity {
  activity: Record<string, unknown>;
  auth: StoredAuthentication;
}

export interface DurableActivities {
  /** Whether this activity's work happens after the response (and so must outlive this replica). */
  wants(activity: Activity): boolean;
  /** Records it before the 200 and starts it here; false for a Teams retry of an activity already taken. */
  accept(request: AuthenticatedRequest, activity: Activity): Promise<boolean>;
}

/** What CloudAdapter.process does to a body before a turn: an object with a type, timestamps as dates. */
export function activityFromBody(body: unknown): Activity | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const activity = body as Activity & Record<string, unknown>;
  if (typeof activity.type !== 'string' || !activity.type) return undefined;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    // A stored activity went through JSON once: its raw field still has the sender's own spelling.
    const value = typeof activity[raw] === 'string' ? activity[raw] : activity[field];
    if (typeof value === 'string') Object.assign(activity, { [raw]: value, [field]: new Date(value) });
  }
  return activity;
}

/**
 * Teams messages answered by whichever replica is alive (issue 19.3). A message is recorded in
 * platform_work, keyed by conversation and activity id (so Teams' redelivery of an activity it did
 * not see answered in time is not a second job), before /api/messages answers 200; the turn then
 * runs after the response on this replica, or, if it dies, on the one that claims the row when its
 * lease runs out. The reply marker is set as the turn's first message goes out, so a reclaimed row
 * is finished without answering twice. Invokes (card actions, feedback) stay in the request: Teams
 * waits for their response, which carries their whole work; conversation updates too (a roster
 * change is applied before the 200, and Teams sends it again if it failed).
 */
export function durableActivities(options: {
  adapter: TeamsCloudAdapter;
  work: TeamsWorkPort;
  handle: (context: TurnContext) => Promise<void>;
  logger: Logger;
}): DurableActivities {
  const { adapter, work, handle, logger } = options;
  work.register(TEAMS_ACTIVITY_WORK, async (payload, context) => {
    const stored = payload as StoredActivity;
    const activity = activityFromBody(stored.activity);
    if (!activity) throw new Error('stored Teams activity has no type');
    await adapter.runStored(stored.auth, activity, handle, () =>
      context.markReplied().catch((error: unknown) => {
        // The answer is out; only a reclaim after this replica's death could repeat it.
        logger.warn({ err: describeError(error), workId: context.id }, 'teams: could not mark the turn replied');
      }),
    );
  });
  return {
    wants: (activity) =>
      activity.type === ActivityTypes.Message && Boolean(activity.id) && activity.deliveryMode !== DeliveryModes.ExpectReplies,
    async accept(request, activity) {
      const payload: StoredActivity = {
        activity: activity as unknown as Record<string, unknown>,
        auth: adapter.storeAuthentication(request),
      };
      const outcome = await work.accept({
        platform: 'teams',
        kind: TEAMS_ACTIVITY_WORK,
        eventKeys: [`${activity.conversation?.id ?? ''}|${activity.id}`],
        payload,
      });
      if (outcome === 'duplicate') metrics.eventsDeduplicated.inc({ platform: 'teams' });
      return outcome === 'accepted';
    },
  };
}
