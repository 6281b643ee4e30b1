/**
 * Issue 19 item 3's scenario, shared by the kill test (test/slack/slack-replica-kill.test.ts) and the
 * benchmark (bench/slack-kill-bench.ts): two replicas on one PostgreSQL database. Replica A is
 * `src/main.ts` in a child process whose language model never answers, so every question it acks is
 * still in its hands; B is the same composition root in this process, without a model. N direct
 * messages are acked by A, A is killed with SIGKILL, and B must answer each exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { createSilentLogger } from '../../src/logger.js';
import { startApp } from '../../src/main.js';
import { message } from '../../src/core/messages/index.js';
import type { RecordingServer } from './recording-server.js';
import { SIGNING_SECRET, directMessage, eventEnvelope, postEvent } from '../slack/slack-harness.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** An OpenAI-wire endpoint that takes requests and never answers: a replica asking it is mid-answer for as long as we like. */
export async function startSilentModel(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer(() => {
    requests += 1;
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests: () => requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface SpawnedReplica {
  url: string;
  child: ChildProcess;
  exited: Promise<unknown>;
}

/** `src/main.ts` in a process of its own (as `npm start` runs it), resolved once it prints where it listens. */
export async function spawnReplica(env: Record<string, string>): Promise<SpawnedReplica> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const match = /is running at (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    void exited.then(() => reject(new Error(`the replica exited before listening: ${stderr.slice(-2_000)}`)));
  });
  return { url, child, exited };
}

/** Polls `condition` every 20 ms; rejects after `timeoutMs` with what `describe` says. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, describe = () => 'timed out'): Promise<true> {
  for (const started = Date.now(); !condition();) {
    if (Date.now() - started > timeoutMs) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

export interface KillScenarioResult {
  questions: number;
  /** Web API posts of an answer per DM channel, after the wait for stragglers. */
  postsPerChannel: number[];
  /** Posts seen before the kill (A must have answered none: it was waiting on its model). */
  postsBeforeKill: number;
  /** From the SIGKILL to the last orphaned question answered by B. */
  killToLastAnswerMs: number;
  /** The work rows: each done, and how many times claimed. */
  work: { done: boolean; attempts: number }[];
}

export async function runKillScenario(options: {
  /** How both replicas reach the database (DATABASE_URL). */
  databaseEnv: Record<string, string>;
  server: RecordingServer;
  questions: number;
  /** WORK_LEASE_SECONDS and WORK_POLL_MS for both replicas (production defaults when unset). */
  leaseSeconds?: number;
  pollMs?: number;
  /** Longest wait for B's answers after the kill. */
  timeoutMs?: number;
}): Promise<KillScenarioResult> {
  const { server, questions } = options;
  const work = {
    ...(options.leaseSeconds ? { WORK_LEASE_SECONDS: String(options.leaseSeconds) } : {}),
    ...(options.pollMs ? { WORK_POLL_MS: String(options.pollMs) } : {}),
  };
  const common = {
    ...options.databaseEnv,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    PLAYGROUND: 'off',
    REMINDERS_ENABLED: 'false',
    DEMO_DATA: 'false',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: server.slackApiUrl,
    ...work,
  };
  const model = await startSilentModel();
  const closers: (() => Promise<unknown>)[] = [() => model.close()];
  try {
    // B first: it polls all along, and must not take A's work while A lives (A renews its leases).
    const b = await startApp(loadConfig(common), createSilentLogger());
    closers.unshift(() => b.stop());
    const a = await spawnReplica({
      ...common,
      OPENAI_BASE_URL: model.url,
      OPENAI_API_KEY: 'sk-test',
      LLM_MODEL: 'silent-model',
      // Internal: restricted passages may go to it too, so every question waits on it.
      LLM_EGRESS: 'internal',
      LLM_QUERY_REWRITE: 'false',
    });
    closers.unshift(async () => {
      if (a.child.exitCode === null && a.child.signalCode === null) a.child.kill('SIGKILL');
      await a.exited;
    });

    const run = `${Date.now()}`.slice(-6);
    const channels = Array.from({ length: questions }, (_, i) => `D0K${run}${String(i).padStart(3, '0')}`);
    const acks = await Promise.all(channels.map((channel) => postEvent(a.url, eventEnvelope(directMessage(channel)))));
    if (acks.some((ack) => ack.status !== 200)) throw new Error(`acks: ${acks.map((ack) => ack.status).join(', ')}`);
    // A is mid-answer on as many questions as it works on at once (8); the rest wait in its queue.
    await waitUntil(
      () => model.requests() >= Math.min(questions, 8),
      20_000,
      () => `replica A asked its model ${model.requests()} times`,
    );
    const failures = new Set([message('chat.error_database', 'en'), message('chat.error_generic', 'en')]);
    const answers = () =>
      server
        .requestsTo('/api/chat.postMessage')
        .filter((r) => channels.includes(String(r.body.channel)) && !failures.has(String(r.body.text)));
    const postsBeforeKill = answers().length;
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    await a.exited;

    const timeoutMs = options.timeoutMs ?? 30_000;
    const answeredAll = () => {
      const answered = new Set(answers().map((r) => r.body.channel));
      return channels.every((channel) => answered.has(channel));
    };
    const lastAnswerAt = (await waitUntil(answeredAll, timeoutMs).catch(() => false)) ? Date.now() : Number.NaN;
    // Long enough for any second claim to have happened: two leases and polls.
    const settleMs = 2 * ((options.leaseSeconds ?? 10) * 1000 + (options.pollMs ?? 1000));
    await new Promise((resolve) => setTimeout(resolve, Math.min(settleMs, 5_000)));
    await b.db.query('SELECT 1');
    const { rows } = await b.db.query<{ done: boolean; attempts: number }>(
      `SELECT done_at IS NOT NULL AS done, attempts FROM platform_work WHERE kind = 'slack.direct_message' ORDER BY id`,
    );
    const posts = answers();
    return {
      questions,
      postsPerChannel: channels.map((channel) => posts.filter((r) => r.body.channel === channel).length),
      postsBeforeKill,
      killToLastAnswerMs: lastAnswerAt - killedAt,
      work: rows,
    };
  } finally {
    for (const close of closers) await close().catch(() => undefined);
  }
}
