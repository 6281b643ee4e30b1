import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

/**
 * A real HTTP server on 127.0.0.1 speaking the OpenAI wire format, for tests driven by the real
 * `openai` client (never a patched client):
 * - `POST …/chat/completions` (also Azure's `/openai/deployments/<d>/chat/completions?api-version=`),
 *   as JSON or, when the body says `stream: true`, as server-sent events;
 * - `POST …/embeddings`, deterministic vectors derived from the input text.
 * Every request body is recorded. Replies are scripted: a queue of one-off replies (status codes,
 * Retry-After, delays, canned content) consumed in order, then a default reply.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** All message contents of a chat request joined: what the model was shown. */
  promptText: string;
  /** True when the client closed the connection before the reply was complete (an aborted request). */
  closedBeforeEnd?: boolean;
}

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** Wait before answering (to trigger client timeouts). */
  delayMs?: number;
  /** Streamed replies: wait this long between pieces (a model still writing, for Stop tests). */
  pieceDelayMs?: number;
  /** Assistant content; a function receives the request (e.g. to cite ids seen in the prompt). */
  content?: string | ((request: RecordedRequest) => string);
  /** Raw JSON body for error replies. */
  body?: unknown;
}

export interface FakeOpenAiServer {
  /** Base URL for OPENAI_BASE_URL, ending in /v1. */
  baseUrl: string;
  /** Origin for AZURE_OPENAI_ENDPOINT. */
  origin: string;
  requests: RecordedRequest[];
  chatRequests(): RecordedRequest[];
  /** Replies used once each, in order, before the default. */
  enqueue(...replies: ScriptedReply[]): void;
  setDefault(reply: ScriptedReply): void;
  /**
   * Translations the server answers query-rewrite requests with (prompts/query-rewrite), keyed by
   * the question as sent: a rewrite request for a question in the table gets its translations as
   * the JSON the prompt asks for, before any queued reply; other questions are served as before.
   */
  setTranslations(table: Readonly<Record<string, Readonly<Record<string, string>>>>): void;
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_EMBEDDING_DIMENSIONS = 16;

/** A stable unit vector per text, so identical texts embed identically. */
export function fakeEmbedding(text: string, dimensions = FAKE_EMBEDDING_DIMENSIONS): number[] {
  const digest = createHash('sha256').update(text).digest();
  const vector = Array.from({ length: dimensions }, (_, i) => ((digest[i % digest.length] ?? 0) - 127.5) / 127.5);
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

function promptTextOf(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as { content?: unknown }[]) : [];
  return messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? ''))).join('\n');
}

/** The question of a query-rewrite request (the prompt wraps it in <question> tags), or null. */
export function rewriteQuestionOf(request: Pick<RecordedRequest, 'promptText'>): string | null {
  if (!request.promptText.includes('You translate search questions')) return null;
  // The system message names the tags too; the question is in the last pair (the user message).
  const pairs = [...request.promptText.matchAll(/<question>([\s\S]*?)<\/question>/g)];
  return pairs.at(-1)?.[1]?.trim() ?? null;
}

function translationReply(
  request: RecordedRequest,
  table: Readonly<Record<string, Readonly<Record<string, string>>>>,
): ScriptedReply | null {
  const question = rewriteQuestionOf(request);
  const found = question === null ? undefined : table[question];
  return found ? { content: JSON.stringify(found) } : null;
}

export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const requests: RecordedRequest[] = [];
  let queue: ScriptedReply[] = [];
  let fallback: ScriptedReply = { content: 'I have no information on that. NO_ANSWER' };
  let translations: Readonly<Record<string, Readonly<Record<string, string>>>> = {};
  const sockets = new Set<import('node:net').Socket>();

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      void (async () => {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          body = {};
        }
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          headers: req.headers,
          body,
          promptText: promptTextOf(body),
        };
        requests.push(recorded);
        res.on('close', () => {
          if (!res.writableEnded) recorded.closedBeforeEnd = true;
        });
        const translated = translationReply(recorded, translations);
        const reply = translated ?? queue.shift() ?? fallback;
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if (res.destroyed) return;
        const status = reply.status ?? 200;
        if (status !== 200) {
          res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
          res.end(JSON.stringify(reply.body ?? { error: { message: `scripted status ${status}`, type: 'scripted', code: null } }));
          return;
        }
        if (url.pathname.endsWith('/embeddings')) {
          const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input ?? '')];
          res.writeHead(200, { 'content-type': 'application/json', ...reply.headers });
          res.end(
            JSON.stringify({
              object: 'list',
              model: body.model,
              // The openai client asks for base64 (packed float32) by default and decodes it itself.
              data: inputs.map((input, index) => ({
                object: 'embedding',
                index,
                embedding:
                  body.encoding_format === 'base64'
                    ? Buffer.from(new Float32Array(fakeEmbedding(input)).buffer).toString('base64')
                    : fakeEmbedding(input),
              })),
              usage: { prompt_tokens: 0, total_tokens: 0 },
            }),
          );
          return;
        }
        if (!url.pathname.endsWith('/chat/completions')) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'not found' } }));
          return;
        }
        const content = typeof reply.content === 'function' ? reply.content(recorded) : (reply.content ?? '');
        const model = typeof body.model === 'string' ? body.model : 'fake-model';
        const id = `chatcmpl-fake-${requests.length}`;
        const created = Math.floor(Date.now() / 1000);
        if (body.stream === true) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
          const pieces = content.match(/\S+\s*|\s+/g) ?? [];
          const send = (delta: Record<string, unknown>, finish: string | null) =>
            res.write(
              `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
            );
          send({ role: 'assistant', content: '' }, null);
          for (const piece of pieces) {
            if (res.destroyed) return;
            send({ content: piece }, null);
            if (reply.pieceDelayMs) await new Promise((resolve) => setTimeout(resolve, reply.pieceDelayMs));
          }
          if (res.destroyed) return;
          send({}, 'stop');
          res.write('data: [DONE]\n\n');
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', ...reply.headers });
        res.end(
          JSON.stringify({
            id,
            object: 'chat.completion',
            created,
            model,
            choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
            usage: {
              prompt_tokens: Math.ceil(recorded.promptText.length / 4),
              completion_tokens: Math.ceil(content.length / 4),
              total_tokens: 0,
            },
          }),
        );
      })();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/v1`,
    origin,
    requests,
    chatRequests: () => requests.filter((r) => r.path.endsWith('/chat/completions')),
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    setDefault: (reply) => {
      fallback = reply;
    },
    setTranslations: (table) => {
      translations = table;
    },
    reset: () => {
      requests.length = 0;
      queue = [];
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
