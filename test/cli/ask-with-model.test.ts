import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/test-database.js';
import { CANARIES, seedScopeFixture } from '../helpers/scope-fixture.js';
import { startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from '../helpers/fake-openai-server.js';

const test = useTestDatabase({ seed: seedScopeFixture });
let server: FakeOpenAiServer;
let llmEnv: Record<string, string>;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  server.setDefault({
    content: (request: RecordedRequest) =>
      request.promptText.includes('You translate search questions')
        ? '{"fr": "décret frontalier"}'
        : 'The decree must be adopted within 12 months [1]. See also [5].',
  });
  llmEnv = { OPENAI_BASE_URL: server.baseUrl, LLM_MODEL: 'fake-chat', LLM_EGRESS: 'external', LLM_MAX_RETRIES: '0' };
});
afterAll(async () => {
  await server.close();
});

describe('compact-bot ask with a chat model configured', () => {
  it("answers through the model with checked citations, from the asker's scope only, and audits it", async () => {
    // mbr-member (UNODC) may not see doc-recs (CTED only): the model must never be shown it.
    const denied = await test.cli(
      ['ask', '--as', 'mbr-member', '--json', 'What border decree should be adopted within 12 months?'],
      llmEnv,
    );
    expect(denied.code).toBe(0);
    const prompts = server
      .chatRequests()
      .map((r) => r.promptText)
      .join('\n');
    expect(prompts).not.toContain(CANARIES.recs);
    expect(prompts).not.toContain(CANARIES.consult);

    // The CTED chair may: the answer comes from the model, with the invented [5] removed.
    const result = await test.cli(['ask', '--as', 'mbr-chair', '--json', 'What border decree should be adopted within 12 months?'], llmEnv);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as {
      answerable: boolean;
      answer: string;
      citations: { n: number; documentId: string; title: string }[];
      context: string;
    };
    expect(Object.keys(body).sort()).toEqual(['answer', 'answerable', 'citations', 'context']);
    expect(body.answer).toContain('The decree must be adopted within 12 months [1].');
    expect(body.answer).not.toContain('[5]');
    expect(body.citations).toEqual([{ n: 1, documentId: 'doc-recs', title: 'Title of doc-recs' }]);

    const audit = await test.cli(['audit', '--member', 'mbr-chair', '--json']);
    const entries = (
      JSON.parse(audit.stdout) as { entries: { kind: string; model: string; promptVersion: string; citedDocumentIds: string[] }[] }
    ).entries;
    expect(entries[0]).toMatchObject({
      kind: 'answer',
      model: 'fake-chat',
      promptVersion: 'answer.v1+query-rewrite.v1',
      citedDocumentIds: ['doc-recs'],
    });
  });

  it('status shows the egress rule', async () => {
    const status = await test.cli(['status'], llmEnv);
    expect(status.stdout).toMatch(/Language model:\s+fake-chat \(external\)/);
    expect(status.stdout).toMatch(/restricted passages are never sent/);
  });
});
