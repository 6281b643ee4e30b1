import type { Config } from '../config.js';
import { createConversationService } from '../core/conversation/create-conversation-service.js';
import type { Database } from '../db/database.js';
import { findStoppedThreads, recordAnswerStop } from '../db/queries/answer-stops.js';
import { findMemberIdByIdentity, findMemberProfile } from '../db/queries/directory.js';
import { lastMemberLanguage } from '../db/queries/member-languages.js';
import { countScopedDocumentsByMemberState } from '../db/queries/scoped-document-counts.js';
import { findSlackThread, saveSlackThread } from '../db/queries/slack-threads.js';
import type { Logger } from '../logger.js';
import { detectQuestionLanguage } from '../ingest/detect-language.js';
import { createPlatformWorkDispatcher, type PlatformWorkDispatcher } from '../scheduler/platform-work-dispatcher.js';
import { createSlackApp, type SlackApp } from '../slack/create-slack-app.js';
import type { HomeModel, SlackDependencies } from '../slack/slack-dependencies.js';
import type { AnswerService } from './create-answer-service.js';
import { createAnswerService } from './create-answer-service.js';
import { createConversationStore } from './create-conversation-store.js';
import { createSummaryService } from './create-summary-service.js';
import { nextReminders } from './next-reminders.js';

/** The Slack adapter's ports over this database and these services. */
export function slackDependencies(options: { config: Config; db: Database; logger: Logger; answer: AnswerService }): SlackDependencies {
  const { config, db, logger, answer } = options;
  const store = createConversationStore(db);
  const summaries = createSummaryService(db, config, logger);
  return {
    logger,
    detectLanguage: detectQuestionLanguage,
    conversation: (reader) =>
      createConversationService({
        store,
        answer,
        summaries,
        rosters: { slack: reader },
        workspaces: { slack: config.slack.workspaceIds ?? [] },
        detectLanguage: detectQuestionLanguage,
        log: logger,
      }),
    dropRoster: (address) => store.dropRoster(address),
    assistantThreads: {
      find: async (channelId, threadTs) => (await findSlackThread(db, channelId, threadTs))?.context,
      save: (thread) => saveSlackThread(db, { ...thread, kind: 'assistant' }),
    },
    answerStops: {
      record: (stop) => recordAnswerStop(db, { platform: 'slack', ...stop }),
      stopped: (threads) => findStoppedThreads(db, 'slack', threads),
    },
    async memberLanguage(speaker) {
      const memberId = await findMemberIdByIdentity(db, 'slack', speaker.workspace ?? '', speaker.userId);
      return (memberId ? await lastMemberLanguage(db, memberId) : null) ?? undefined;
    },
    async home(speaker): Promise<HomeModel> {
      const listed = config.slack.workspaceIds ?? [];
      if (listed.length > 0 && (!speaker.workspace || !listed.includes(speaker.workspace))) return { kind: 'unknown' };
      const memberId = await findMemberIdByIdentity(db, 'slack', speaker.workspace ?? '', speaker.userId);
      const profile = memberId ? await findMemberProfile(db, memberId) : undefined;
      if (!memberId || !profile) return { kind: 'unknown' };
      const counts = await countScopedDocumentsByMemberState(db, { memberId, context: { kind: 'dm' } });
      const reminders = await nextReminders(db, { groupIds: profile.workingGroups.map((g) => g.id) }, new Date(), 5);
      return { kind: 'member', profile, counts, reminders };
    },
  };
}

/**
 * The Slack app when SLACK_BOT_TOKEN is set (undefined otherwise), initialised (auth.test) so bad
 * credentials stop the start with a message naming the variables. `answer` is the replica's answer
 * service when main.ts already built one.
 */
export async function startSlackFromConfig(options: {
  config: Config;
  db: Database;
  logger: Logger;
  answer?: AnswerService;
  /** The replica's platform-work dispatcher, shared with Teams (one of its own when not given). */
  work?: PlatformWorkDispatcher;
}): Promise<SlackApp | undefined> {
  const { config, db, logger } = options;
  if (!config.slack.botToken) return undefined;
  const answer = options.answer ?? (await createAnswerService(db, config, logger));
  const slack = createSlackApp(slackDependencies({ config, db, logger, answer }), {
    botToken: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    appToken: config.slack.appToken,
    apiUrl: config.slack.apiUrl,
    // Every acked event is recorded before its ack and claimed by whichever replica is alive.
    durable:
      options.work ??
      createPlatformWorkDispatcher({ db, logger, leaseMs: config.work.leaseMs, pollIntervalMs: config.work.pollIntervalMs }),
  });
  await slack.init();
  await slack.start();
  return slack;
}
