import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../helpers/test-database.js';
import { CANARIES, FIXTURE_DOCUMENTS, seedScopeFixture } from '../../helpers/scope-fixture.js';
import { startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from '../../helpers/fake-openai-server.js';
import { answerQuestionWithModel } from '../../../src/core/answering/answer-question-with-model.js';
import { answerQuestion } from '../../../src/core/answering/answer-question.js';
import { createAnswerDependencies } from '../../../src/app/create-search-chunks.js';
import { listAuditEntries } from '../../../src/db/queries/audit-trail.js';
import { loadConfig } from '../../../src/config.js';
import { createChatModel } from '../../../src/llm/openai-chat-model.js';
import { loadPromptLibrary } from '../../../src/llm/prompt-library.js';
import { detectLanguage } from '../../../src/ingest/detect-language.js';

const test = useTestDatabase({ seed: seedScopeFixture });
let server: FakeOpenAiServer;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  // Translations for the query rewrite; otherwise an answer that cites [1] and an invented [7].
  server.setDefault({
    content: (request: RecordedRequest) =>
      request.promptText.includes('You translate search questions')
        ? '{"fr": "postes frontaliers Valdoria", "es": "puestos fronterizos Valdoria"}'
        : 'Valdoria has 23 official crossing points [1]. Also see [7].',
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

async function deps(env: Record<string, string> = {}) {
  const llm = loadConfig({
    OPENAI_BASE_URL: server.baseUrl,
    LLM_MODEL: 'fake-chat',
    LLM_MAX_RETRIES: '0',
    LLM_EGRESS: 'internal',
    ...env,
  }).llm;
  return {
    ...(await createAnswerDependencies(test.db)),
    model: createChatModel(llm)!,
    prompts: loadPromptLibrary(),
    detectLanguage,
    rewriteQuery: llm.queryRewrite,
  };
}

const textOf = (id: string) => FIXTURE_DOCUMENTS.find((d) => d.id === id)!.chunks.map((c) => c.text.slice(0, 30));

describe('answerQuestionWithModel', () => {
  it("hands the model only chunks in the asker's scope (strongest leak test)", async () => {
    const questions = [
      'How many official land border crossing points does Valdoria have?',
      'What border decree should be adopted within 12 months?',
      'What roadmap costing USD 2.4 million did the consultation agree?',
      'How many border posts does Istrana have?',
    ];
    // mbr-member (UNODC) may see doc-assess, doc-ta, doc-ist; not doc-recs (CTED only) nor doc-consult (withheld).
    for (const question of questions) {
      await answerQuestionWithModel(await deps(), { memberId: 'mbr-member', context: { kind: 'dm' }, question });
    }
    const prompts = server
      .chatRequests()
      .map((r) => r.promptText)
      .join('\n');
    expect(prompts).toContain('23 official land border crossing points');
    for (const forbidden of ['doc-recs', 'doc-consult']) {
      for (const text of textOf(forbidden)) expect(prompts).not.toContain(text);
    }
    expect(prompts).not.toContain(CANARIES.recs);
    expect(prompts).not.toContain(CANARIES.consult);

    // In wg-border's channel the Istrana document is usable too (granted compact), but doc-recs never is,
    // even for the CTED chair who may see it privately.
    server.reset();
    await answerQuestionWithModel(await deps(), {
      memberId: 'mbr-chair',
      context: { kind: 'channel', workingGroupId: 'wg-border' },
      question: questions[1]!,
    });
    expect(
      server
        .chatRequests()
        .map((r) => r.promptText)
        .join('\n'),
    ).not.toContain(CANARIES.recs);
    // Positive control: privately, the CTED chair's prompt does contain it.
    server.reset();
    await answerQuestionWithModel(await deps(), { memberId: 'mbr-chair', context: { kind: 'dm' }, question: questions[1]! });
    expect(
      server
        .chatRequests()
        .map((r) => r.promptText)
        .join('\n'),
    ).toContain(CANARIES.recs);
  });

  it('strips invented citations, lists sources, records model and prompt versions in the audit', async () => {
    const result = await answerQuestionWithModel(await deps(), {
      memberId: 'mbr-member',
      context: { kind: 'dm' },
      question: 'How many official land border crossing points does Valdoria have?',
      platform: 'slack',
    });
    expect(result.mode).toBe('llm');
    expect(result.answer).toContain('Valdoria has 23 official crossing points [1].');
    expect(result.answer).not.toContain('[7]');
    expect(result.answer).toMatch(/Sources:\n\[1\] Title of doc-assess/);
    expect(result.citations).toEqual([{ n: 1, documentId: 'doc-assess', title: 'Title of doc-assess' }]);
    // One rewrite call and one answer call.
    expect(server.chatRequests()).toHaveLength(2);
    const entry = (await listAuditEntries(test.db, { memberId: 'mbr-member' }))[0]!;
    expect(entry).toMatchObject({
      kind: 'answer',
      platform: 'slack',
      model: 'fake-chat',
      promptVersion: 'answer.v1+query-rewrite.v1',
      citedDocumentIds: ['doc-assess'],
    });
    expect(entry.consentVersions['doc-assess']).toBe(1);
    expect(entry.latencyMs).not.toBeNull();
  });

  it('a failing endpoint falls back to the extractive answer with one line saying so', async () => {
    server.enqueue({ status: 500 }, { status: 500 });
    const result = await answerQuestionWithModel(await deps(), {
      memberId: 'mbr-member',
      context: { kind: 'dm' },
      question: 'How many official land border crossing points does Valdoria have?',
    });
    expect(result.mode).toBe('llm_unavailable');
    expect(result.answer.split('\n')[0]).toMatch(/language model is unavailable/);
    expect(result.answer).toContain('23 official land border crossing points');
  });

  it('restricted passages never reach an external endpoint', async () => {
    await answerQuestionWithModel(await deps({ LLM_EGRESS: 'external' }), {
      memberId: 'mbr-member',
      context: { kind: 'dm' },
      question: 'How many official land border crossing points does Valdoria have?',
    });
    const sent = server.requests.map((r) => JSON.stringify(r.body)).join('\n');
    expect(sent).not.toContain(CANARIES.assess);
    expect(sent).not.toContain('2140 km');
  });

  it("nothing relevant: the couldn't-find reply, and no answer call to the model", async () => {
    const result = await answerQuestionWithModel(await deps({ LLM_QUERY_REWRITE: 'false' }), {
      memberId: 'mbr-member',
      context: { kind: 'dm' },
      question: 'What is the capital of the moon?',
    });
    expect(result.answerable).toBe(false);
    expect(server.chatRequests()).toHaveLength(0);
  });

  it('hands the model passages the extractive cut refuses, and lets it answer', async () => {
    // A passage sharing the subject but too little of the question for the extractive cut.
    const weak = {
      chunkId: 9001,
      documentId: 'doc-assess',
      title: 'Title of doc-assess',
      memberStateId: 'valdoria',
      memberStateName: 'Republic of Valdoria',
      kind: 'assessment_report',
      documentDate: '2026-06-01',
      language: 'en' as const,
      classification: 'internal' as const,
      heading: null,
      text: 'Mobile patrols cover the northern border sector twice a week.',
      score: 1,
      coverage: 0.3,
      focusCoverage: 0.5,
      similarity: null,
      consentVersion: 1,
    };
    const base = await deps({ LLM_QUERY_REWRITE: 'false' });
    const withWeak = { ...base, searchChunks: async () => [weak] };
    const extractive = await answerQuestion(withWeak, {
      memberId: 'mbr-member',
      context: { kind: 'dm' },
      question: 'How often do patrols visit the northern sector of Valdoria?',
    });
    expect(extractive.answerable).toBe(false);
    expect(server.chatRequests()).toHaveLength(0);
    const result = await answerQuestionWithModel(withWeak, {
      memberId: 'mbr-member',
      context: { kind: 'dm' },
      question: 'How often do patrols visit the northern sector of Valdoria?',
    });
    expect(
      server
        .chatRequests()
        .map((r) => r.promptText)
        .join('\n'),
    ).toContain('Mobile patrols cover the northern border sector');
    expect(result.answerable).toBe(true);
    expect(result.citations.map((c) => c.documentId)).toEqual(['doc-assess']);
  });
});
