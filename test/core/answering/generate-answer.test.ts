import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createChatModel } from '../../../src/llm/openai-chat-model.js';
import { loadPromptLibrary } from '../../../src/llm/prompt-library.js';
import { answerWithModel, type PlainAnswer } from '../../../src/core/answering/generate-answer.js';
import type { CitablePassage } from '../../../src/core/answering/format-passages.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../helpers/fake-openai-server.js';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

function model(env: Record<string, string> = {}) {
  const llm = loadConfig({ OPENAI_BASE_URL: server.baseUrl, LLM_MODEL: 'fake-chat', LLM_MAX_RETRIES: '0', ...env }).llm;
  return createChatModel(llm)!;
}
const prompts = loadPromptLibrary();

function passage(id: number, classification: CitablePassage['classification'], text: string): CitablePassage {
  return {
    chunkId: id,
    documentId: `doc-${id}`,
    title: `Document ${id}`,
    memberStateId: 'valdoria',
    kind: classification === 'restricted' ? 'assessment_report' : 'ta_needs',
    documentDate: '2026-06-01',
    language: 'en',
    classification,
    heading: null,
    text,
    consentVersion: 1,
  };
}

const extractive = (): PlainAnswer => ({
  answerable: true,
  answer: 'EXTRACTIVE [1]',
  citations: [{ n: 1, documentId: 'doc-1', title: 'Document 1' }],
});
const warnings: object[] = [];
const log = { warn: (data: object) => warnings.push(data) };

describe('answerWithModel', () => {
  it('hands in numbered passages as data and strips invented citations', async () => {
    server.enqueue({ content: 'Valdoria needs an API system [1]. It also has a nuclear programme [4].' });
    const result = await answerWithModel(
      { model: model(), prompts, log },
      {
        question: 'What does Valdoria need?',
        language: 'en',
        passages: [passage(11, 'internal', 'VAL-TA-01 API system'), passage(12, 'public', 'Budget of USD 2.4 million')],
        extractive,
      },
    );
    const prompt = server.chatRequests()[0]!.promptText;
    expect(prompt).toContain('<passage id="1"');
    expect(prompt).toContain('VAL-TA-01 API system');
    expect(result.mode).toBe('llm');
    expect(result.answer).toBe('Valdoria needs an API system [1]. It also has a nuclear programme.');
    expect(result.removedCitations).toEqual([4]);
    expect(result.citations).toEqual([{ n: 1, documentId: 'doc-11', title: 'Document 11', chunkId: 11 }]);
    expect(result.promptVersion).toBe('answer.v1');
    expect(result.model).toBe('fake-chat');
    // The log says which numbers were removed, never the text.
    expect(JSON.stringify(warnings)).not.toContain('nuclear');
  });

  it('falls back to the extractive answer, with one line saying so, when the model times out', async () => {
    server.enqueue({ delayMs: 2_000, content: 'late [1]' });
    const result = await answerWithModel(
      { model: model({ LLM_TIMEOUT_MS: '200' }), prompts, log },
      {
        question: 'q',
        passages: [passage(11, 'internal', 'text')],
        extractive,
      },
    );
    expect(result.mode).toBe('llm_unavailable');
    expect(result.answer.split('\n')[0]).toMatch(/language model is unavailable/);
    expect(result.answer).toContain('EXTRACTIVE [1]');
  });

  it('an answer with no valid citation becomes the extractive answer', async () => {
    server.enqueue({ content: 'Everything is fine [8].' });
    const result = await answerWithModel(
      { model: model(), prompts, log },
      { question: 'q', passages: [passage(11, 'internal', 't')], extractive },
    );
    expect(result.mode).toBe('no_valid_citation');
    expect(result.answer).toBe('EXTRACTIVE [1]');
  });

  it("NO_ANSWER from the model gives the extractive reply (the couldn't-find one when nothing is relevant)", async () => {
    server.enqueue({ content: 'NO_ANSWER' });
    const notFound = (): PlainAnswer => ({
      answerable: false,
      answer: "I couldn't find information on that in the documents available to you.",
      citations: [],
    });
    const result = await answerWithModel(
      { model: model(), prompts, log },
      { question: 'q', passages: [passage(11, 'internal', 't')], extractive: notFound },
    );
    expect(result.answerable).toBe(false);
    expect(result.citations).toEqual([]);
    // With a couldn't-find reply given, the model's judgement that the passages don't answer stands.
    server.enqueue({ content: 'NO_ANSWER' });
    const trusted = await answerWithModel(
      { model: model(), prompts, log },
      { question: 'q', passages: [passage(11, 'internal', 't')], extractive, notFound: notFound() },
    );
    expect(trusted).toMatchObject({ answerable: false, mode: 'llm', citations: [] });
  });

  it('never sends restricted text to an external endpoint; quotes it instead', async () => {
    server.enqueue({ content: 'The TA need is VAL-TA-01 [1].' });
    const result = await answerWithModel(
      { model: model({ LLM_EGRESS: 'external' }), prompts, log },
      {
        question: 'q',
        passages: [passage(21, 'restricted', 'SECRET-ASSESSMENT 23 border posts'), passage(22, 'internal', 'VAL-TA-01 needs')],
        extractive,
      },
    );
    const sent = server.requests.map((r) => JSON.stringify(r.body)).join('\n');
    expect(sent).not.toContain('SECRET-ASSESSMENT');
    expect(sent).toContain('VAL-TA-01 needs');
    expect(result.sentChunkIds).toEqual([22]);
    expect(result.withheldChunkIds).toEqual([21]);
    expect(result.answer).toContain('> SECRET-ASSESSMENT 23 border posts [2]');
    expect(result.citations.map((c) => c.documentId)).toEqual(['doc-22', 'doc-21']);
  });

  it('with only restricted passages and an external endpoint, calls no model at all', async () => {
    const result = await answerWithModel(
      { model: model({ LLM_EGRESS: 'external' }), prompts, log },
      {
        question: 'q',
        passages: [passage(21, 'restricted', 'SECRET-ASSESSMENT')],
        extractive,
      },
    );
    expect(server.requests).toHaveLength(0);
    expect(result.mode).toBe('restricted_only');
    expect(result.answer).toContain('SECRET-ASSESSMENT [1]');
  });

  it('sends restricted text to an internal endpoint', async () => {
    server.enqueue({ content: 'There are 23 border posts [1].' });
    await answerWithModel(
      { model: model({ LLM_EGRESS: 'internal' }), prompts, log },
      {
        question: 'q',
        passages: [passage(21, 'restricted', 'SECRET-ASSESSMENT 23 border posts')],
        extractive,
      },
    );
    expect(server.chatRequests()[0]!.promptText).toContain('SECRET-ASSESSMENT');
  });

  it('keeps the passages within the token budget', async () => {
    server.enqueue({ content: 'A [1].' });
    const long = 'word '.repeat(400);
    const result = await answerWithModel(
      { model: model({ LLM_CONTEXT_TOKENS: '500' }), prompts, log },
      {
        question: 'q',
        passages: [passage(1, 'internal', long), passage(2, 'internal', long), passage(3, 'internal', long)],
        extractive,
      },
    );
    expect(result.sentChunkIds).toEqual([1]);
  });

  it('streams only checked text to onToken', async () => {
    server.enqueue({ content: 'Posts [1] and [5] done.' });
    let streamed = '';
    await answerWithModel(
      { model: model(), prompts, log },
      {
        question: 'q',
        passages: [passage(1, 'internal', 't')],
        extractive,
        onToken: (t) => {
          streamed += t;
        },
      },
    );
    expect(streamed).toContain('[1]');
    expect(streamed).not.toContain('[5]');
  });
});
