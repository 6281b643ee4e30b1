import type { Express } from 'express';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { loadMigrations } from '../db/migrate.js';
import { createChatModel } from '../llm/openai-chat-model.js';
import type { Logger } from '../logger.js';
import { healthRouter } from '../web/health-route.js';
import { isLoopbackHost } from '../web/http-app.js';
import { decidePlayground, type PlaygroundDecision } from '../web/playground-guard.js';
import { playgroundDisabledRouter, playgroundRouter } from '../web/playground-routes.js';
import { createPlaygroundRooms, type PlaygroundStore } from '../web/playground-store.js';
import { createConversationService } from '../core/conversation/create-conversation-service.js';
import { listScopedDocuments } from '../db/queries/access-scope.js';
import { listPostedSummaries } from '../db/queries/channel-posts.js';
import { listWorkingGroupMemberIds } from '../db/queries/conversation-state.js';
import { memberExists } from '../db/queries/directory.js';
import { loadDirectoryOverview, workingGroupExists } from '../db/queries/directory-overview.js';
import { listReminders } from '../db/queries/reminders.js';
import { detectQuestionLanguage } from '../ingest/detect-language.js';
import { createAnswerService } from './create-answer-service.js';
import { createConversationStore } from './create-conversation-store.js';
import { createSummaryService } from './create-summary-service.js';

/** The playground's reads over the queries. */
function playgroundStore(db: Database): PlaygroundStore {
  return {
    directory: () => loadDirectoryOverview(db),
    memberExists: (memberId) => memberExists(db, memberId),
    workingGroupExists: (workingGroupId) => workingGroupExists(db, workingGroupId),
    membersOfWorkingGroup: (workingGroupId) => listWorkingGroupMemberIds(db, workingGroupId),
    scopedDocuments: (request) => listScopedDocuments(db, request),
    channelPosts: (workingGroupId) => listPostedSummaries(db, 'web', workingGroupId),
    reminders: () => listReminders(db, { includePaused: true }),
  };
}

/**
 * The web surface of a replica: /healthz, /readyz and /metrics always; the playground at `/` when
 * decidePlayground() allows it, otherwise a `/` that says why it is off.
 */
export async function mountWebSurface(
  app: Express,
  options: { config: Config; db: Database; logger: Logger; accepting: () => boolean },
): Promise<PlaygroundDecision> {
  const { config, db, logger } = options;
  const model = createChatModel(config.llm)?.model ?? null;
  const expectedMigrationLevel = Math.max(0, ...loadMigrations().map((m) => m.version));
  app.use(
    healthRouter(db, {
      expectedMigrationLevel,
      platforms: { slack: Boolean(config.slack.botToken), teams: Boolean(config.teams.appId) },
      model,
      accepting: options.accepting,
    }),
  );
  const decision = decidePlayground(config);
  if (!decision.mounted) {
    app.use(playgroundDisabledRouter(decision.reason));
    return decision;
  }
  const store = playgroundStore(db);
  const rooms = createPlaygroundRooms(store.membersOfWorkingGroup);
  const conversation = createConversationService({
    store: createConversationStore(db),
    answer: await createAnswerService(db, config, logger),
    summaries: createSummaryService(db, config, logger),
    rosters: { playground: rooms },
    workspaces: {},
    detectLanguage: detectQuestionLanguage,
    log: logger,
  });
  app.use(
    playgroundRouter({
      store,
      conversation,
      rooms,
      logger,
      model,
      loopbackOnly: isLoopbackHost(config.host),
    }),
  );
  return decision;
}
