import { describeDatabase, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/open-database.js';
import { migrate } from './db/migrate.js';
import { loadDemoData } from './app/load-demo-data.js';
import { isAppError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { VERSION } from './version.js';
import { startRemindersFromConfig } from './app/start-reminders-from-config.js';
import { isChatModelConfigured } from './llm/openai-chat-model.js';
import { mountWebSurface } from './app/mount-web-surface.js';
import type { PlaygroundDecision } from './web/playground-guard.js';
import { createHttpApp, finishHttpApp, listen } from './web/http-app.js';
import { createAnswerService } from './app/create-answer-service.js';
import { createSummaryService } from './app/create-summary-service.js';
import { mountTeams, teamsMountMode } from './app/mount-teams.js';
import type { ChatPlatform } from './db/queries/posted-messages.js';
import { startWithdrawalDispatcher, type MessageWithdrawer, type WithdrawalDispatcher } from './scheduler/withdrawal-dispatcher.js';

/** How long in-flight requests (answers being generated) may run on after SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;
import { startSlackFromConfig } from './app/start-slack-from-config.js';
import { createPlatformWorkDispatcher } from './scheduler/platform-work-dispatcher.js';
import { createSlackWithdrawer } from './slack/slack-withdrawer.js';

/** What a test may shorten; production uses the defaults. */
export interface StartAppOptions {
  /** How often the withdrawal dispatcher edits messages whose sources lost consent (10 s by default). */
  withdrawalTickMs?: number;
}

/**
 * Composition root: config → logger → database → migrations → demo data → background work → HTTP.
 * The only place (with cli.ts) that builds concrete instances.
 */
export async function startApp(config: Config, logger: Logger, options: StartAppOptions = {}) {
  const teamsMode = teamsMountMode(config);
  const db = await openDatabase(config.database, { logger });
  const stops: (() => Promise<void>)[] = [() => db.close()];
  try {
    const migration = await migrate(db);
    logger.info({ migrationLevel: migration.level, applied: migration.applied.length }, 'database migrated');
    if (config.demoData && config.database.kind === 'pglite') await loadDemoData(db, logger);

    // Every replica runs the dispatcher; delivery rows make each post exactly-once across them.
    const reminders = await startRemindersFromConfig({ config, db, logger });
    if (reminders) stops.unshift(() => reminders.stop());

    const app = createHttpApp();
    let accepting = true;
    const playground = await mountWebSurface(app, { config, db, logger, accepting: () => accepting });
    // Every chat platform mounted on this replica adds the function that edits its posted messages.
    const withdrawers: Partial<Record<ChatPlatform, MessageWithdrawer>> = {};
    // One answer service for every chat platform this replica serves.
    const answer = teamsMode !== 'off' || config.slack.botToken ? await createAnswerService(db, config, logger) : undefined;
    // One platform-work dispatcher per replica: every acked Slack event and Teams message is recorded
    // there and claimed by whichever replica is alive (issue 19.3).
    const work = answer
      ? createPlatformWorkDispatcher({ db, logger, leaseMs: config.work.leaseMs, pollIntervalMs: config.work.pollIntervalMs })
      : undefined;
    if (work) stops.unshift(() => work.stop());
    const slack = await startSlackFromConfig({ config, db, logger, answer, work });
    if (slack) {
      stops.unshift(() => slack.stop());
      if (slack.router) app.use(slack.router);
      withdrawers.slack = createSlackWithdrawer(slack.client);
    }
    if (teamsMode !== 'off' && answer && work) {
      const teams = mountTeams(app, {
        config,
        db,
        logger,
        mode: teamsMode,
        answer,
        summaries: createSummaryService(db, config, logger),
        work,
      });
      withdrawers.teams = teams.withdrawer;
    }
    // One dispatcher per replica, whatever platforms it serves.
    let withdrawals: WithdrawalDispatcher | undefined;
    if (Object.keys(withdrawers).length > 0) {
      withdrawals = startWithdrawalDispatcher({ db, logger, withdrawers, tickIntervalMs: options.withdrawalTickMs });
      const running = withdrawals;
      stops.unshift(() => running.stop());
    }
    finishHttpApp(app, logger);
    const http = await listen(app, { host: config.host, port: config.port });
    // SIGTERM: stop taking requests, let answers in flight finish (bounded), then the rest (database last).
    stops.unshift(() => http.close({ graceMs: SHUTDOWN_GRACE_MS }));
    return {
      db,
      url: http.url,
      playground,
      withdrawals,
      /** The platform-work dispatcher (tests wait on its idle()); undefined when no chat platform is served. */
      work,
      async stop() {
        accepting = false;
        for (const stop of stops) await stop().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
}

function describeStartup(config: Config, url: string, playground: PlaygroundDecision): string {
  const slack = config.slack.botToken
    ? config.slack.appToken
      ? 'Slack: connected (Socket Mode)'
      : 'Slack: connected (events at /slack/events)'
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
    `  Health:   ${url}/healthz, ${url}/readyz, ${url}/metrics`,
    playground.mounted ? `  Playground: ${url}/ (act as any directory member)` : `  Playground: off — ${playground.reason}`,
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
  process.stdout.write(`${describeStartup(config, app.url, app.playground)}\n`);

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
