import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { detectLanguage } from '../ingest/detect-language.js';
import { createPlatformWorkDispatcher } from '../scheduler/platform-work-dispatcher.js';
import { createSlackApp, type SlackApp } from '../slack/create-slack-app.js';
import type { AnswerService } from './create-answer-service.js';
import { createAnswerService } from './create-answer-service.js';
import { createSummaryService } from './create-summary-service.js';

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
}): Promise<SlackApp | undefined> {
  const { config, db, logger } = options;
  if (!config.slack.botToken) return undefined;
  const answer = options.answer ?? (await createAnswerService(db, config, logger));
  // "More in a DM" only needs to know whether the asker's own scope holds other relevant documents:
  // extractive (no model call, nothing leaves the replica) and without an audit row.
  const probe = await createAnswerService(db, { ...config, llm: { ...config.llm, model: undefined, azure: undefined } }, logger, {
    audit: false,
  });
  const slack = createSlackApp(
    { db, logger, answer, probe, summaries: createSummaryService(db, config, logger), detectLanguage },
    {
      botToken: config.slack.botToken,
      signingSecret: config.slack.signingSecret,
      appToken: config.slack.appToken,
      apiUrl: config.slack.apiUrl,
      // Every acked event is recorded before its ack and claimed by whichever replica is alive.
      durable: createPlatformWorkDispatcher({ db, logger, leaseMs: config.work.leaseMs, pollIntervalMs: config.work.pollIntervalMs }),
    },
  );
  await slack.init();
  await slack.start();
  return slack;
}
