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
import { createAnswerService } from './create-answer-service.js';
import { createSummaryService } from './create-summary-service.js';

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
  app.use(
    playgroundRouter({
      db,
      logger,
      model,
      answer: await createAnswerService(db, config, logger),
      summaries: createSummaryService(db, config, logger),
      loopbackOnly: isLoopbackHost(config.host),
    }),
  );
  return decision;
}
