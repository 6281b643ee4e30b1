/**
 * Slack ack latency: how long Slack waits for our HTTP 200 on a signed event and on a slash command,
 * at 50 requests in flight, against our full app (dedupe claim, answer and Web API calls running
 * after the ack on the same process) and a bare Bolt hello-world app on the same machine, in the
 * same run, interleaved. Slack's limit is 3 s; the target is p99 ≤ 1.2 × the bare app and < 100 ms.
 */
import { Worker } from 'node:worker_threads';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { openPgliteDatabase } from '../src/db/pglite-driver.js';
import { createHttpApp, listen, type RunningServer } from '../src/web/http-app.js';
import { startRecordingServer, type RecordingServer } from '../test/helpers/recording-server.js';
import {
  SIGNING_SECRET,
  TEAM,
  USERS,
  eventEnvelope,
  seedSlackFixture,
  signedHeaders,
  startSlackTestApp,
} from '../test/slack/slack-harness.js';

export interface LatencyStats {
  requests: number;
  p50: number;
  p99: number;
  max: number;
}

export interface SlackAckBenchResult {
  concurrency: number;
  event: { ours: LatencyStats; bare: LatencyStats; p99Ratio: number };
  command: { ours: LatencyStats; bare: LatencyStats; p99Ratio: number };
}

const round = (value: number) => Math.round(value * 100) / 100;

function stats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? 0;
  return { requests: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1] ?? 0) };
}

let sequence = 0;

function eventRequest(): { body: string; contentType: string } {
  sequence += 1;
  const payload = eventEnvelope(
    {
      type: 'message',
      channel: `D0BENCH${String(sequence % 50).padStart(3, '0')}`,
      channel_type: 'im',
      user: USERS.member,
      text: 'How many official land border crossing points does Valdoria have?',
      ts: `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`,
      team: TEAM,
    },
    `EvBench${Date.now()}${sequence}`,
  );
  return { body: JSON.stringify(payload), contentType: 'application/json' };
}

function commandRequest(responseUrl: string): { body: string; contentType: string } {
  sequence += 1;
  const fields = {
    team_id: TEAM,
    channel_id: 'C0RANDOM01',
    user_id: USERS.member,
    command: '/compact',
    text: 'help',
    response_url: responseUrl,
    trigger_id: `t${sequence}`,
    api_app_id: 'A0APP00001',
  };
  return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/**
 * The load generator runs in a worker thread with its own event loop, so the apps' work (on this
 * thread) does not delay the clock that measures them. Requests are signed up front.
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
(async () => {
  const { url, requests, warmup, concurrency } = workerData;
  const samples = [];
  let next = 0;
  // The first requests open the connections (kept alive after): not measured.
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index];
      const started = performance.now();
      const response = await fetch(url + '/slack/events', { method: 'POST', headers: request.headers, body: request.body });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error('HTTP ' + response.status);
      if (index >= warmup) samples.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  parentPort.postMessage(samples);
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

/** `total` signed requests to `url`, `concurrency` in flight; milliseconds until each response. */
function load(url: string, total: number, concurrency: number, make: () => { body: string; contentType: string }): Promise<number[]> {
  const warmup = concurrency * 2;
  const requests = Array.from({ length: warmup + total }, () => {
    const request = make();
    return { body: request.body, headers: { 'content-type': request.contentType, ...signedHeaders(request.body) } };
  });
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { url, requests, warmup, concurrency } });
    worker.once('message', (result: number[] | { error: string }) => {
      void worker.terminate();
      if (Array.isArray(result)) resolve(result);
      else reject(new Error(`slack ack bench: ${result.error}`));
    });
    worker.once('error', reject);
  });
}

/** Bolt with one no-op listener per kind: the floor any Bolt app pays (signature check, parsing, ack). */
async function startBareBolt(apiUrl: string): Promise<RunningServer> {
  const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, processBeforeResponse: false, logLevel: LogLevel.ERROR });
  const app = new App({ token: 'xoxb-bare', receiver, botId: 'B0BARE', botUserId: 'U0BARE', clientOptions: { slackApiUrl: apiUrl } });
  app.message(async () => undefined);
  app.command('/compact', async ({ ack }) => ack('hello world'));
  const http = createHttpApp();
  http.use(receiver.router);
  return listen(http, { host: '127.0.0.1', port: 0 });
}

export async function runSlackAckBench(options: { requests?: number; concurrency?: number } = {}): Promise<SlackAckBenchResult> {
  const total = options.requests ?? Number(process.env.BENCH_SLACK_REQUESTS ?? 1_000);
  const concurrency = options.concurrency ?? 50;
  let server: RecordingServer | undefined;
  let db: Database | undefined;
  const closers: (() => Promise<void>)[] = [];
  try {
    server = await startRecordingServer();
    server.route('POST', /^\/respond\//, () => ({ status: 200, body: { ok: true } }));
    db = await openPgliteDatabase('memory');
    await migrate(db);
    await seedSlackFixture(db);
    const ours = await startSlackTestApp(db, server);
    closers.push(() => ours.close());
    const bare = await startBareBolt(server.slackApiUrl);
    closers.push(() => bare.close());
    const responseUrl = `${server.url}/respond/bench`;

    const kinds = {
      event: () => eventRequest(),
      command: () => commandRequest(responseUrl),
    };
    const result: Partial<SlackAckBenchResult> = { concurrency };
    for (const [kind, make] of Object.entries(kinds) as [keyof typeof kinds, () => { body: string; contentType: string }][]) {
      // Interleave halves so neither app gets the quieter half of the run.
      const samples = { ours: [] as number[], bare: [] as number[] };
      for (let round = 0; round < 2; round += 1) {
        samples.bare.push(...(await load(bare.url, Math.ceil(total / 2), concurrency, make)));
        samples.ours.push(...(await load(ours.url, Math.ceil(total / 2), concurrency, make)));
      }
      const o = stats(samples.ours);
      const b = stats(samples.bare);
      result[kind] = { ours: o, bare: b, p99Ratio: round(o.p99 / Math.max(b.p99, 0.01)) };
    }
    // Let the answers started after each ack finish before the database closes.
    const expected = server.requestsTo('/api/chat.postMessage').length;
    const deadline = Date.now() + 60_000;
    let last = -1;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const now = server.requestsTo('/api/chat.postMessage').length;
      if (now === last && now >= expected) break;
      last = now;
    }
    return result as SlackAckBenchResult;
  } finally {
    for (const close of closers) await close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
}

export function formatSlackAckBench(result: SlackAckBenchResult): string {
  const line = (label: string, s: LatencyStats) =>
    `    ${label.padEnd(16)} p50 ${s.p50} ms  p99 ${s.p99} ms  max ${s.max} ms  (${s.requests} requests)`;
  return [
    `Slack ack latency (${result.concurrency} concurrent, signed requests over HTTP on 127.0.0.1):`,
    '  event (message.im):',
    line('Compact Bot', result.event.ours),
    line('bare Bolt app', result.event.bare),
    `    p99 ratio ${result.event.p99Ratio} (target ≤ 1.2 and p99 < 100 ms)`,
    '  slash command (/compact help):',
    line('Compact Bot', result.command.ours),
    line('bare Bolt app', result.command.bare),
    `    p99 ratio ${result.command.p99Ratio} (target ≤ 1.2 and p99 < 100 ms)`,
  ].join('\n');
}

if (process.argv[1] && /slack-ack-bench\.ts$/.test(process.argv[1])) {
  const result = await runSlackAckBench();
  console.log(formatSlackAckBench(result));
}
