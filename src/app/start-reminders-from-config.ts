import type { CloudAdapter } from 'botbuilder';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { ReminderPlatform } from '../core/reminders/reminder-schedule.js';
import type { ReminderSender } from '../core/reminders/reminder-sender.js';
import { createSlackNotifier } from '../slack/slack-notifier.js';
import { createTeamsNotifier } from '../teams/teams-notifier.js';
import { createTeamsReferenceStore } from './create-teams-reference-store.js';
import type { Clock } from '../scheduler/clock.js';
import { startReminderDispatcher, type ReminderDispatcher } from '../scheduler/reminder-dispatcher.js';

/**
 * The senders the configuration allows: Slack with SLACK_BOT_TOKEN (and SLACK_API_URL when set);
 * Teams with MICROSOFT_APP_ID, or in local mode without credentials (auth disabled) when a
 * conversation reference is stored. A platform without a sender is left alone: its deliveries stay
 * unclaimed for a replica that can post there, instead of being marked failed.
 */
export async function buildReminderSenders(options: {
  config: Config;
  db: Database;
  logger: Logger;
  teamsAdapter?: CloudAdapter;
}): Promise<Partial<Record<ReminderPlatform, ReminderSender>>> {
  const { config, db, logger } = options;
  const senders: Partial<Record<ReminderPlatform, ReminderSender>> = {};
  if (config.slack.botToken) {
    senders.slack = createSlackNotifier({ token: config.slack.botToken, apiUrl: config.slack.apiUrl, logger });
  }
  let teamsAllowed = Boolean(config.teams.appId);
  if (!teamsAllowed && config.mode === 'local') {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM teams_conversation_references');
    teamsAllowed = (rows[0]?.n ?? 0) > 0;
    if (teamsAllowed)
      logger.warn('Teams reminders run without credentials (local mode): only for local service URLs such as a test server');
  }
  if (teamsAllowed) {
    senders.teams = createTeamsNotifier({
      references: createTeamsReferenceStore(db),
      teams: config.teams,
      logger,
      adapter: options.teamsAdapter,
      defaultServiceUrl: config.teams.serviceUrl,
    });
  }
  return senders;
}

/**
 * What `npm start` (every replica) and `compact-bot reminders run` call. Undefined when reminders are
 * disabled (REMINDERS_ENABLED=false) or no platform is configured.
 */
export async function startRemindersFromConfig(options: {
  config: Config;
  db: Database;
  logger: Logger;
  clock?: Clock;
  teamsAdapter?: CloudAdapter;
}): Promise<ReminderDispatcher | undefined> {
  const { config, logger } = options;
  if (!config.reminders.enabled) {
    logger.info('reminders disabled (REMINDERS_ENABLED=false)');
    return undefined;
  }
  const senders = await buildReminderSenders(options);
  if (!senders.slack && !senders.teams) {
    logger.info('reminders not started: neither Slack (SLACK_BOT_TOKEN) nor Teams (MICROSOFT_APP_ID) is configured');
    return undefined;
  }
  return startReminderDispatcher({
    db: options.db,
    logger,
    senders,
    clock: options.clock,
    tickIntervalMs: config.reminders.tickIntervalMs,
    claimTtlMs: config.reminders.claimTtlMs,
  });
}
