import type { Express } from 'express';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { isChatModelConfigured } from '../llm/openai-chat-model.js';
import type { Logger } from '../logger.js';
import type { PlatformWorkDispatcher } from '../scheduler/platform-work-dispatcher.js';
import type { MessageWithdrawer } from '../scheduler/withdrawal-dispatcher.js';
import { durableActivities } from '../teams/durable-activities.js';
import { createTeamsBot } from '../teams/teams-bot.js';
import { describeError } from '../teams/teams-errors.js';
import { createConversationService } from '../core/conversation/create-conversation-service.js';
import type { ConversationDeps } from '../core/conversation/conversation-service.js';
import { detectLanguage } from '../ingest/detect-language.js';
import { createTeamsRosterReader } from '../teams/teams-roster-reader.js';
import { createConversationStore } from './create-conversation-store.js';
import { createTeamsReferenceStore } from './create-teams-reference-store.js';
import { TeamsCloudAdapter } from '../teams/teams-cloud-adapter.js';
import { createTeamsAuthentication } from '../teams/teams-notifier.js';
import { teamsRouter } from '../teams/teams-routes.js';
import { createTeamsWithdrawer } from '../teams/teams-withdrawer.js';
import { isLoopbackHost } from '../web/http-app.js';
import type { AnswerService } from './create-answer-service.js';
import type { SummaryService } from './create-summary-service.js';

export type TeamsMountMode = 'authenticated' | 'unauthenticated' | 'off';

/**
 * Whether /api/messages is served. With an app id botbuilder checks every request's token. Without
 * one it checks nothing: allowed only when asked for (TEAMS_ALLOW_UNAUTHENTICATED=true), in local
 * mode, on a loopback address; asked for anywhere else, startup is refused.
 */
export function teamsMountMode(config: Config): TeamsMountMode {
  if (config.teams.appId) return 'authenticated';
  if (!config.teams.allowUnauthenticated) return 'off';
  if (config.mode !== 'local' || !isLoopbackHost(config.host)) {
    throw new AppError(
      'config.invalid',
      `TEAMS_ALLOW_UNAUTHENTICATED=true is refused on ${config.host} (APP_MODE=${config.mode}): without MICROSOFT_APP_ID nobody's token is checked. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, or listen on 127.0.0.1 in local mode.`,
      { exitCode: 2 },
    );
  }
  return 'unauthenticated';
}

/** Mounts POST /api/messages (botbuilder's CloudAdapter) and returns the function that edits posted Teams messages. */
export function mountTeams(
  app: Express,
  options: {
    config: Config;
    db: Database;
    logger: Logger;
    mode: Exclude<TeamsMountMode, 'off'>;
    answer: AnswerService;
    summaries: SummaryService;
    /** This replica's platform-work dispatcher: messages are recorded there before their 200 and claimed by any replica. */
    work: PlatformWorkDispatcher;
  },
): { withdrawer: MessageWithdrawer } {
  const { config, db, logger } = options;
  if (options.mode === 'unauthenticated') {
    logger.warn({ host: config.host }, 'Teams: /api/messages is served WITHOUT authentication (no MICROSOFT_APP_ID); local use only');
  }
  const appId = config.teams.appId ?? '';
  const adapter = new TeamsCloudAdapter(createTeamsAuthentication(config.teams, { logger }));
  adapter.onTurnError = async (_context, error) => {
    logger.error({ err: describeError(error) }, 'teams turn failed outside the bot');
  };
  const references = createTeamsReferenceStore(db);
  const summaries = options.summaries;
  // The room rule is the conversation core's: readers from the Teams roster, tenants bound to TEAMS_TENANT_IDS.
  const rosterReader = createTeamsRosterReader({
    adapter,
    appId,
    referenceFor: async (conversationId) =>
      ((await references.find(conversationId)) ?? (await references.findTeam('', conversationId)))?.reference,
  });
  const store = createConversationStore(db);
  const core: ConversationDeps = {
    store,
    answer: options.answer,
    summaries,
    rosters: { teams: rosterReader },
    workspaces: { teams: config.teams.tenantIds ?? [] },
    detectLanguage,
    log: logger,
  };
  const conversation = createConversationService(core);
  const bot = createTeamsBot({
    references,
    conversation,
    adapter,
    appId,
    logger: logger.child({ platform: 'teams' }),
    streaming: isChatModelConfigured(config.llm),
  });
  const durable = durableActivities({ adapter, work: options.work, handle: (context) => bot.handle(context), logger });
  options.work.start();
  app.use(teamsRouter({ adapter, bot, durable, logger }));
  return { withdrawer: createTeamsWithdrawer({ references, adapter, appId }) };
}
