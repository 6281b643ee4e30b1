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
import { createHttpApp, finishHttpApp, isLoopbackHost, listen } from './web/http-app.js';
import { AppError } from './errors.js';
import { createSummaryService } from './app/create-summary-service.js';
import type { ChatPlatform } from './db/queries/posted-messages.js';
import { startWithdrawalDispatcher, type MessageWithdrawer, type WithdrawalDispatcher } from './scheduler/withdrawal-dispatcher.js';
import { createTeamsAdapter } from './teams/teams-notifier.js';
import { createTeamsBot, describeError } from './teams/teams-bot.js';
import { teamsRouter } from './teams/teams-routes.js';
import { createTeamsWithdrawer } from './teams/teams-withdrawer.js';

/**
 * Composition root: config → logger → database → migrations → demo data → background work → HTTP.
 * The only place (with cli.ts) that builds concrete instances.
 */
/**
 * Whether /api/messages is served. With an app id botbuilder checks every request's token. Without
 * one it checks nothing: allowed only when asked for (TEAMS_ALLOW_UNAUTHENTICATED=true), in local
 * mode, on a loopback address; asked for anywhere else, startup is refused.
 */
export function teamsMountMode(config: Config): 'authenticated' | 'unauthenticated' | 'off' {
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

export async function startApp(config: Config, logger: Logger) {
  const teamsMode = teamsMountMode(config);
  const db = await openDatabase(config.database);
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
    const needsAnswers = config.mode === 'local' || teamsMode !== 'off';
    const answer = needsAnswers ? await createAnswerService(db, config, logger) : undefined;
    // Every chat platform mounted on this replica adds the function that edits its posted messages.
    const withdrawers: Partial<Record<ChatPlatform, MessageWithdrawer>> = {};
    if (teamsMode !== 'off' && answer) {
      if (teamsMode === 'unauthenticated') {
        logger.warn({ host: config.host }, 'Teams: /api/messages is served WITHOUT authentication (no MICROSOFT_APP_ID); local use only');
      }
      const appId = config.teams.appId ?? '';
      const adapter = createTeamsAdapter(config.teams, { logger });
      adapter.onTurnError = async (_context, error) => {
        logger.error({ err: describeError(error) }, 'teams turn failed outside the bot');
      };
      const bot = createTeamsBot({
        db,
        adapter,
        appId,
        answer,
        summaries: createSummaryService(db, config, logger),
        logger: logger.child({ platform: 'teams' }),
        streaming: isChatModelConfigured(config.llm),
      });
      app.use(teamsRouter({ adapter, bot, logger }));
      withdrawers.teams = createTeamsWithdrawer({ db, adapter, appId });
    }
    // One dispatcher per replica, whatever platforms it serves.
    let withdrawals: WithdrawalDispatcher | undefined;
    if (Object.keys(withdrawers).length > 0) {
      withdrawals = startWithdrawalDispatcher({ db, logger, withdrawers });
      const running = withdrawals;
      stops.unshift(() => running.stop());
    }
    if (config.mode === 'local' && answer) {
      // The playground impersonates members: local mode only, never in production.
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
      withdrawals,
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
    : config.teams.allowUnauthenticated
      ? 'Teams: messages at /api/messages WITHOUT authentication (local only)'
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
