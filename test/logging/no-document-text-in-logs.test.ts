import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/app/create-answer-service.js';
import { loadConfig } from '../../src/config.js';
import { importDirectory } from '../../src/db/queries/directory.js';
import { upsertReminders } from '../../src/db/queries/reminders.js';
import { loadDirectoryFile } from '../../src/ingest/load-directory-file.js';
import { ingestCatalog } from '../../src/ingest/ingest-catalog.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { ManualClock } from '../../src/scheduler/clock.js';
import { startReminderDispatcher } from '../../src/scheduler/reminder-dispatcher.js';
import { createSlackNotifier } from '../../src/slack/slack-notifier.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { FIXTURE_DIRECTORY } from '../helpers/ingest-fixture.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

// Issue 10, item 3: no document text, question or answer in the logs, on any error path.

const CANARY = 'CANARY-ZX81-QUOKKA';
const QUESTION = 'What does the Quokka assessment say about border screening?';

let test: TestDatabase;
let work: string;
let model: FakeOpenAiServer;
let lines: string[];
let logger: Logger;

function capturingLogger(): { logger: Logger; lines: string[] } {
  const captured: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      captured.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'trace', destination }), lines: captured };
}

/** pino writes asynchronously to a plain stream only in its own workers; with a Writable it is synchronous, but flush anyway. */
const logText = () => lines.join('');

beforeAll(async () => {
  test = await createTestDatabase();
  await importDirectory(test.db, loadDirectoryFile(FIXTURE_DIRECTORY));
  work = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-canary-'));
  mkdirSync(path.join(work, 'docs'));
  writeFileSync(
    path.join(work, 'docs', 'quokka.md'),
    `# Quokka assessment\n\nBorder screening at the Quokka crossing is assessed in detail. ${CANARY} is the restricted finding on border screening.\n`,
  );
  writeFileSync(
    path.join(work, 'catalog.yaml'),
    [
      'version: 1',
      'documents:',
      '  - id: doc-quokka',
      '    path: docs/quokka.md',
      '    kind: assessment_report',
      '    owner_entity: ALPHA',
      '    language: en',
      '    title: "Quokka assessment of border screening"',
      '    consent: { status: granted, audience: compact }',
    ].join('\n'),
  );
  const summary = await ingestCatalog(test.db, path.join(work, 'catalog.yaml'));
  expect(summary.added).toEqual(['doc-quokka']);
  model = await startFakeOpenAiServer();
  ({ logger, lines } = capturingLogger());
});
afterAll(async () => {
  await model?.close();
  await test.drop();
  rmSync(work, { recursive: true, force: true });
});

const extractiveConfig = () => loadConfig({ DATA_DIR: 'memory' });
const modelConfig = () =>
  loadConfig({
    DATA_DIR: 'memory',
    OPENAI_BASE_URL: model.baseUrl,
    OPENAI_API_KEY: 'sk-test',
    LLM_MODEL: 'fake-chat',
    LLM_EGRESS: 'internal',
    LLM_MAX_RETRIES: '0',
    LLM_QUERY_REWRITE: 'false',
  });

describe('questions with control characters', () => {
  it('a question containing U+0000 gets an answer and an audit row (it made the audit INSERT fail)', async () => {
    const answer = await createAnswerService(test.db, extractiveConfig(), logger);
    const result = await answer({
      memberId: 'mbr-anna',
      context: { kind: 'dm' },
      question: `What does the Quokka\u0000 assessment say about border\u0007 screening?`,
      platform: 'cli',
    });
    expect(result.answerable).toBe(true);
    expect(result.answer).toContain(CANARY);
    const audit = await test.db.query<{ question: string }>('SELECT question FROM audit_log WHERE id = $1', [result.auditId]);
    expect(audit.rows).toEqual([{ question: QUESTION }]);
  });

  it('a question of nothing but control characters is bad input (exit 2), not a failure', async () => {
    const answer = await createAnswerService(test.db, extractiveConfig(), logger);
    await expect(
      answer({ memberId: 'mbr-anna', context: { kind: 'dm' }, question: ' \u0000\u0001 ', platform: 'cli' }),
    ).rejects.toMatchObject({
      code: 'input.invalid',
      exitCode: 2,
    });
  });
});

describe('the canary never reaches the log stream', () => {
  it('a database error during the audit insert, logged as every surface logs it', async () => {
    await test.db.exec(`
      CREATE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$;
      CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_fail_audit();
    `);
    try {
      for (const config of [extractiveConfig(), modelConfig()]) {
        model.setDefault({ content: `Border screening is described: ${CANARY} [1].` });
        const answer = await createAnswerService(test.db, config, logger);
        const failure = await answer({ memberId: 'mbr-anna', context: { kind: 'dm' }, question: QUESTION, platform: 'cli' }).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(Error);
        // The driver's error does carry the statement's parameters (PGlite: `params`): that is what must not be logged.
        if (test.backend === 'pglite') expect(JSON.stringify((failure as { params?: unknown }).params)).toContain(CANARY);
        logger.error({ err: failure, path: '/api/ask' }, 'request handler failed');
        logger.error(failure as Error);
        logger.warn({ err: new Error('wrapped', { cause: failure }) }, 'wrapped failure');
      }
    } finally {
      await test.db.exec('DROP TRIGGER test_fail_audit ON audit_log; DROP FUNCTION test_fail_audit();');
    }
    const text = logText();
    expect(text).toContain('audit store unavailable');
    expect(text).toContain('wrapped failure');
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('Quokka');
  });

  it('a model error whose body echoes the prompt', async () => {
    model.reset();
    model.setDefault({
      status: 500,
      body: { error: { message: `upstream failed on prompt: ${CANARY}`, type: 'server_error', code: null } },
    });
    const answer = await createAnswerService(test.db, modelConfig(), logger);
    const result = await answer({ memberId: 'mbr-anna', context: { kind: 'dm' }, question: QUESTION, platform: 'cli' });
    // Extractive fallback: the member still gets the passage; the log gets only codes.
    expect(result.answer).toContain(CANARY);
    expect(model.chatRequests().length).toBeGreaterThan(0);
    expect(logText()).toMatch(/chat model failed/);
    expect(logText()).not.toContain(CANARY);
  });

  it('a platform error (HTTP 500) for a reminder post whose text and response carry the canary', async () => {
    let server: RecordingServer | undefined;
    const clock = new ManualClock('2026-12-01T12:00:30Z');
    try {
      server = await startRecordingServer({ clock: () => clock.now() });
      server.failNext('/api/chat.postMessage', 10, { status: 500, body: { ok: false, error: `internal_error echoing ${CANARY}` } });
      await upsertReminders(
        test.db,
        [
          {
            id: 'rem-canary',
            title: 'Canary meeting',
            workingGroupId: null,
            cron: '*/2 * * * *',
            timezone: 'UTC',
            durationMinutes: 1,
            leadTimes: ['0m'],
            message: `Meeting about ${CANARY} at {event_time}.`,
            targets: { slack: [{ channelId: 'C0CANARY001' }], teams: [] },
          },
        ],
        clock.now(),
      );
      const dispatcher = startReminderDispatcher({
        db: test.db,
        logger,
        clock,
        instanceId: 'canary',
        schedule: false,
        claimTtlMs: 60_000,
        senders: { slack: createSlackNotifier({ token: 'xoxb-test', apiUrl: server.slackApiUrl, perChannelIntervalMs: 0, logger }) },
      });
      clock.set('2026-12-01T12:02:00Z');
      await dispatcher.runOnce();
      await dispatcher.stop();
      expect(server.requestsTo('/api/chat.postMessage').length).toBeGreaterThan(0);
      expect(logText()).toMatch(/reminder delivery/);
      expect(logText()).not.toContain(CANARY);
    } finally {
      await server?.close();
    }
  });
});
