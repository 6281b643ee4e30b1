import { describeDatabase, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/open-database.js';
import { migrate } from './db/migrate.js';
import { loadDemoDataIfEmpty } from './app/load-demo-data.js';
import { isAppError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { VERSION } from './version.js';
import { startRemindersFromConfig } from './app/start-reminders-from-config.js';
import { listMembers } from './db/queries/directory.js';
import { isChatModelConfigured } from './llm/openai-chat-model.js';
import { createAnswerService } from './app/create-answer-service.js';
import { healthRouter } from './web/health-route.js';
import { playgroundRouter } from './web/playground-routes.js';
import { createHttpApp, finishHttpApp, listen } from './web/http-app.js';

/**
 * Composition root: config → logger → database → migrations → demo data → background work → HTTP.
 * The only place (with cli.ts) that builds concrete instances.
 */
export async function startApp(config: Config, logger: Logger) {
  const db = await openDatabase(config.database, { logger });
  const stops: (() => Promise<void>)[] = [() => db.close()];
  try {
    const migration = await migrate(db);
    logger.info({ migrationLevel: migration.level, applied: migration.applied.length }, 'database migrated');
    if (config.demoData && config.database.kind === 'pglite') await loadDemoDataIfEmpty(db, logger);

    // Every replica runs the dispatcher; delivery rows make each post exactly-once across them.
    const reminders = await startRemindersFromConfig({ config, db, logger });
    if (reminders) stops.unshift(() => reminders.stop());

    const app = createHttpApp();
    app.use(healthRouter(db));
    if (config.mode === 'local') {
      // The playground impersonates members: local mode only, never in production.
      const answer = await createAnswerService(db, config, logger);
      app.use(
        playgroundRouter({
          logger,
          listMembers: () => listMembers(db),
          ask: async (request) => {
            const result = await answer({ ...request, platform: 'web' });
            return { answerable: result.answerable, answer: result.answer, citations: result.citations, context: result.context };
          },
        }),
      );
    }
    finishHttpApp(app, logger);
    const http = await listen(app, { host: config.host, port: config.port });
    stops.unshift(() => http.close());
    return {
      db,
      url: http.url,
      async stop() {
        for (const stop of stops) await stop().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
}

function describeStartup(config: Config, url: string): string {
  const slack = config.slack.botToken
    ? 'Slack: connected (events at /slack/events)'
    : 'Slack: not connected — set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET';
  const teams = config.teams.appId
    ? 'Teams: connected (messages at /api/messages)'
    : 'Teams: not connected — set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD';
  const llm = isChatModelConfigured(config.llm)
    ? `Language model: ${config.llm.azure ? 'Azure OpenAI' : config.llm.model} (${config.llm.egress})`
    : 'Language model: none — answers are extractive (set OPENAI_BASE_URL and LLM_MODEL to add one)';
  const reminders = !config.reminders.enabled
    ? 'Reminders: disabled (REMINDERS_ENABLED=false)'
    : config.slack.botToken || config.teams.appId
      ? 'Reminders: dispatcher running'
      : 'Reminders: waiting for Slack or Teams credentials';
  return [
    `Compact Bot ${VERSION} is running at ${url}`,
    `  Database: ${describeDatabase(config.database)}`,
    `  Health:   ${url}/healthz`,
    ...(config.mode === 'local' ? [`  Playground: ${url}/ (chat as any directory member)`] : []),
    `  ${slack}`,
    `  ${teams}`,
    `  ${llm}`,
    `  ${reminders}`,
    '  Press Ctrl+C to stop.',
  ].join('\n');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${isAppError(error) ? error.userMessage : String(error)}\n`);
    process.exit(2);
  }
  const logger = createLogger({ level: config.logLevel });
  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    app = await startApp(config, logger);
  } catch (error) {
    const message = isAppError(error) ? error.userMessage : error instanceof Error ? error.message : String(error);
    logger.fatal({ err: error }, 'failed to start');
    process.stderr.write(`Compact Bot could not start: ${message}\n`);
    process.exit(isAppError(error) ? error.exitCode : 1);
  }
  process.stdout.write(`${describeStartup(config, app.url)}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] && /main\.(ts|js)$/.test(process.argv[1])) {
  await main();
}
