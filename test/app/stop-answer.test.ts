import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService, type AnswerService } from '../../src/app/create-answer-service.js';
import { loadConfig } from '../../src/config.js';
import { createSilentLogger } from '../../src/logger.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { seedScopeFixture } from '../helpers/scope-fixture.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';

/**
 * Stop means stop, in the core: the answer service takes an AbortSignal down to the model call, so
 * cancelling closes the HTTP request to the model (the OpenAI-wire server sees it), the answer is
 * what was said until then, and the audit row says 'stopped'.
 */

const test = useTestDatabase({ seed: seedScopeFixture });
let server: FakeOpenAiServer;
let answer: AnswerService;
const QUESTION = 'What border decree should be adopted within 12 months?';
const REPLY = 'The decree must be adopted within 12 months [1]. It also covers the northern crossing points and much more besides.';

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  const config = loadConfig({
    ...test.env,
    OPENAI_BASE_URL: server.baseUrl,
    LLM_MODEL: 'fake-chat',
    LLM_EGRESS: 'external',
    LLM_MAX_RETRIES: '0',
    LLM_QUERY_REWRITE: 'false',
    LOG_LEVEL: 'silent',
  });
  answer = await createAnswerService(test.db, config, createSilentLogger());
});
afterAll(async () => {
  await server?.close();
});

describe('Stop', () => {
  it('aborts the model’s HTTP request mid-answer, keeps what was said, and audits the answer as stopped', async () => {
    server.enqueue({ content: REPLY, pieceDelayMs: 150 });
    const controller = new AbortController();
    const tokens: string[] = [];
    const pending = answer({
      memberId: 'mbr-chair',
      context: { kind: 'dm' },
      question: QUESTION,
      platform: 'slack',
      signal: controller.signal,
      onToken: (token) => {
        tokens.push(token);
        // Stop once the first sentence is out.
        if (tokens.join('').includes('[1].')) controller.abort();
      },
    });
    const result = await pending;
    expect(result.stopped).toBe(true);
    const request = server.chatRequests().at(-1)!;
    await expect.poll(() => request.closedBeforeEnd).toBe(true);
    expect(result.body).toContain('The decree must be adopted within 12 months [1].');
    expect(result.body).not.toContain('much more besides');
    const { rows } = await test.db.query<{ outcome: string; answer_text: string; cited_document_ids: string[] }>(
      'SELECT outcome, answer_text, cited_document_ids FROM audit_log WHERE id = $1',
      [result.auditId],
    );
    expect(rows[0]).toMatchObject({ outcome: 'stopped', cited_document_ids: ['doc-recs'] });
    expect(rows[0]?.answer_text).not.toContain('much more besides');
    // The administrator sees it in the audit trail.
    const audit = await test.cli(['audit', '--member', 'mbr-chair']);
    expect(audit.stdout).toMatch(new RegExp(`#${result.auditId} .*stopped by the member`));
  });

  it('a Stop before the model is called never calls it; an answer not stopped is audited completed', async () => {
    const before = server.chatRequests().length;
    const stopped = await answer({
      memberId: 'mbr-chair',
      context: { kind: 'dm' },
      question: QUESTION,
      platform: 'teams',
      signal: AbortSignal.abort(),
    });
    expect(stopped.stopped).toBe(true);
    expect(server.chatRequests().length).toBe(before);

    server.enqueue({ content: REPLY });
    const done = await answer({ memberId: 'mbr-chair', context: { kind: 'dm' }, question: QUESTION, platform: 'teams' });
    expect(done.stopped).toBeUndefined();
    const { rows } = await test.db.query<{ id: string; outcome: string }>(
      'SELECT id, outcome FROM audit_log WHERE id = ANY($1::bigint[])',
      [[stopped.auditId, done.auditId]],
    );
    expect(new Map(rows.map((r) => [Number(r.id), r.outcome]))).toEqual(
      new Map([
        [stopped.auditId, 'stopped'],
        [done.auditId, 'completed'],
      ]),
    );
  });
});
