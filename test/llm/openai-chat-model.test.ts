import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { loadConfig } from '../../src/config.js';
import { createChatModel, isChatModelConfigured } from '../../src/llm/openai-chat-model.js';
import { countTokens } from '../../src/llm/count-tokens.js';
import { loadPromptLibrary } from '../../src/llm/prompt-library.js';
import { isAppError } from '../../src/errors.js';
import { startFakeOpenAiServer, fakeEmbedding, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

function llmConfig(env: Record<string, string> = {}) {
  return loadConfig({ OPENAI_BASE_URL: server.baseUrl, LLM_MODEL: 'fake-chat', LLM_TIMEOUT_MS: '5000', LLM_MAX_RETRIES: '2', ...env }).llm;
}

const messages = [{ role: 'user' as const, content: 'Hello' }];

describe('chat model over the openai client', () => {
  it('is not configured without a model and an endpoint or key', () => {
    expect(isChatModelConfigured(loadConfig({}).llm)).toBe(false);
    expect(createChatModel(loadConfig({ LLM_MODEL: 'x' }).llm)).toBeUndefined();
    expect(isChatModelConfigured(llmConfig())).toBe(true);
  });

  it('streams tokens over SSE and returns the whole text', async () => {
    server.enqueue({ content: 'Valdoria has 23 border posts [1].' });
    const model = createChatModel(llmConfig())!;
    const tokens: string[] = [];
    const completion = await model.complete(messages, { onToken: (t) => tokens.push(t) });
    expect(completion.text).toBe('Valdoria has 23 border posts [1].');
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join('')).toBe(completion.text);
    const request = server.chatRequests()[0]!;
    expect(request.body.stream).toBe(true);
    expect(request.body.model).toBe('fake-chat');
    expect(request.promptText).toContain('Hello');
  });

  it('retries a 429, honouring Retry-After, then succeeds', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '0' } }, { content: 'after the rate limit' });
    const model = createChatModel(llmConfig())!;
    const completion = await model.complete(messages);
    expect(completion.text).toBe('after the rate limit');
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('waits as long as retry-after-ms says before retrying', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after-ms': '400' } }, { content: 'ok' });
    const model = createChatModel(llmConfig())!;
    const started = Date.now();
    await model.complete(messages);
    // Not a timing assertion on speed: it proves the client slept at least what the server asked.
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('retries 5xx and gives up after LLM_MAX_RETRIES with llm.unavailable', async () => {
    server.enqueue(
      { status: 503, headers: { 'retry-after-ms': '1' } },
      { status: 502, headers: { 'retry-after-ms': '1' } },
      { status: 500, headers: { 'retry-after-ms': '1' } },
      { content: 'never reached' },
    );
    const model = createChatModel(llmConfig({ LLM_MAX_RETRIES: '2' }))!;
    const error = await model.complete(messages).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('llm.unavailable');
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('does not retry a 400', async () => {
    server.enqueue({ status: 400 }, { content: 'never reached' });
    const model = createChatModel(llmConfig())!;
    const error = await model.complete(messages).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('llm.unavailable');
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('stops at the overall deadline with llm.timeout', async () => {
    server.enqueue({ delayMs: 3_000, content: 'too late' });
    const model = createChatModel(llmConfig({ LLM_TIMEOUT_MS: '300' }))!;
    const error = await model.complete(messages).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('llm.timeout');
  });

  it('talks to Azure OpenAI deployments through the same package', async () => {
    server.enqueue({ content: 'from azure' });
    const config = loadConfig({
      AZURE_OPENAI_ENDPOINT: server.origin,
      AZURE_OPENAI_API_KEY: 'k',
      AZURE_OPENAI_DEPLOYMENT: 'gpt-dep',
      AZURE_OPENAI_API_VERSION: '2024-10-21',
    }).llm;
    const model = createChatModel(config)!;
    expect(model.model).toBe('gpt-dep');
    const completion = await model.complete(messages);
    expect(completion.text).toBe('from azure');
    const request = server.chatRequests()[0]!;
    expect(request.path).toBe('/openai/deployments/gpt-dep/chat/completions');
    expect(request.headers['api-key']).toBe('k');
  });

  it('serves plain JSON completions and embeddings to the real client', async () => {
    const client = new OpenAI({ apiKey: 'x', baseURL: server.baseUrl, maxRetries: 0 });
    server.enqueue({ content: 'plain' });
    const completion = await client.chat.completions.create({ model: 'm', messages });
    expect(completion.choices[0]?.message.content).toBe('plain');
    const embeddings = await client.embeddings.create({ model: 'e', input: ['a', 'b'] });
    const expected = Array.from(new Float32Array(fakeEmbedding('b')));
    expect(embeddings.data[1]?.embedding).toEqual(expected);
  });
});

describe('token counting and prompts', () => {
  it('counts tokens with bundled ranks', () => {
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('')).toBe(0);
  });

  it('loads versioned prompts and renders document text as data', async () => {
    const prompts = loadPromptLibrary();
    const answer = await prompts.render('answer', { passages: 'text with {braces}', question: 'q?', language: 'French' });
    expect(answer.version).toBe('answer.v1');
    expect(answer.messages[0]?.role).toBe('system');
    expect(answer.messages[0]?.content).toContain('French');
    expect(answer.messages[1]?.content).toContain('text with {braces}');
    expect(
      (await prompts.render('summary', { passages: '', working_group: 'w', member_state: 's', language: 'English', headings: 'h' }))
        .version,
    ).toBe('summary.v1');
    expect((await prompts.render('query-rewrite', { question: 'q', languages: 'fr' })).version).toBe('query-rewrite.v1');
  });
});
