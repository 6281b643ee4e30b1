import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/app/load-demo-data.js';
import { loadConfig } from '../../src/config.js';
import { createSilentLogger } from '../../src/logger.js';
import { startApp } from '../../src/main.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/**
 * The playground with a chat model (a real OpenAI-wire server on 127.0.0.1): answers stream as NDJSON
 * while the model writes, LLM calls are counted, and a shutdown lets an answer in flight finish.
 */

let test: TestDatabase;
let model: FakeOpenAiServer;
let app: Awaited<ReturnType<typeof startApp>>;

const QUESTION = 'How many official land border crossing points does Lumeria have?';
const REPLY = 'Lumeria operates 14 official land border crossing points, 5 of them connected to regional screening [1].';

beforeAll(async () => {
  test = await createTestDatabase();
  if (test.backend === 'postgres') await loadDemoData(test.db, createSilentLogger());
  await test.db.close();
  model = await startFakeOpenAiServer();
  model.setDefault({ content: REPLY });
  app = await startApp(
    loadConfig({
      ...test.env,
      PORT: '0',
      LOG_LEVEL: 'silent',
      REMINDERS_ENABLED: 'false',
      OPENAI_BASE_URL: model.baseUrl,
      LLM_MODEL: 'fake-chat',
      LLM_MAX_RETRIES: '0',
      LLM_QUERY_REWRITE: 'false',
    }),
    createSilentLogger(),
  );
});
afterAll(async () => {
  await app?.stop();
  await model?.close();
  await test?.drop();
});

function ask(stream: boolean) {
  return fetch(`${app.url}/playground/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ memberId: 'mbr-demo-dvarga', channel: null, question: QUESTION, stream }),
  });
}

describe('the playground with a chat model', () => {
  it('streams the answer as NDJSON tokens, then the cited answer with its sources and no extractive notice', async () => {
    const metricsBefore = await (await fetch(`${app.url}/metrics`)).text();
    const response = await ask(true);
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { type: string; text?: string; body?: string; model?: string; notice?: string | null; sources?: unknown[] },
      );
    const tokens = lines.filter((line) => line.type === 'token');
    expect(tokens.length).toBeGreaterThan(3);
    const final = lines.at(-1)!;
    expect(final.type).toBe('answer');
    expect(final.model).toBe('fake-chat');
    expect(final.notice).toBeNull();
    expect(final.body).toContain('[1]');
    expect(final.sources?.length).toBeGreaterThan(0);
    expect(tokens.map((t) => t.text).join('')).toContain('14 official land border crossing points');

    const metricsAfter = await (await fetch(`${app.url}/metrics`)).text();
    const calls = (text: string) => Number(/compact_llm_calls_total\{purpose="answer",outcome="ok"\} (\d+)/.exec(text)?.[1] ?? 0);
    expect(calls(metricsAfter)).toBe(calls(metricsBefore) + 1);
  });

  it('finishes an answer in flight when the server shuts down, and takes no new requests', async () => {
    model.enqueue({ content: REPLY, delayMs: 1_500 });
    const requestsBefore = model.chatRequests().length;
    const inFlight = ask(false);
    await expect.poll(() => model.chatRequests().length, { timeout: 10_000 }).toBe(requestsBefore + 1);
    const url = app.url;
    const stopping = app.stop();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { body: string }).body).toContain('14 official land border crossing points');
    await stopping;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
