import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createSilentLogger } from '../../src/logger.js';
import { buildReminderSenders, startRemindersFromConfig } from '../../src/app/start-reminders-from-config.js';
import { saveConversationReference } from '../../src/db/queries/teams-conversation-references.js';
import { useTestDatabase } from '../helpers/test-database.js';

const logger = createSilentLogger();

describe('reminder senders from configuration', () => {
  const test = useTestDatabase();

  it('Slack with a bot token (and SLACK_API_URL); no Teams without credentials or stored references', async () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    const senders = await buildReminderSenders({ config, db: test.db, logger });
    expect(Object.keys(senders)).toEqual(['slack']);
  });

  it('Teams without credentials only in local mode and only once a conversation reference is stored', async () => {
    await saveConversationReference(test.db, {
      conversationId: '19:x@thread.tacv2',
      teamId: 't',
      channelId: '19:x@thread.tacv2',
      reference: { serviceUrl: 'http://127.0.0.1:9/' },
    });
    expect(Object.keys(await buildReminderSenders({ config: loadConfig({}), db: test.db, logger }))).toEqual(['teams']);
    const production = loadConfig({ APP_MODE: 'production', DATABASE_URL: 'postgres://x@127.0.0.1/db' });
    expect(Object.keys(await buildReminderSenders({ config: production, db: test.db, logger }))).toEqual([]);
    const withCredentials = loadConfig({
      APP_MODE: 'production',
      DATABASE_URL: 'postgres://x@127.0.0.1/db',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'pw',
    });
    expect(Object.keys(await buildReminderSenders({ config: withCredentials, db: test.db, logger }))).toEqual(['teams']);
  });

  it('starts nothing when disabled', async () => {
    expect(
      await startRemindersFromConfig({
        config: loadConfig({ REMINDERS_ENABLED: 'false', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }),
        db: test.db,
        logger,
      }),
    ).toBeUndefined();
  });
});
