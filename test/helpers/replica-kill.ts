/**
 * Issue 19 item 3's scenario, for any chat platform (slack-kill-scenario.ts, teams-kill-scenario.ts;
 * the kill tests and bench/slack-kill-bench.ts): two replicas on one PostgreSQL database. Replica A
 * is `src/main.ts` in a child process whose language model never answers, so every question it
 * accepts is still in its hands; B is the same composition root in this process, without a model.
 * N questions are accepted by A, A is killed with SIGKILL, and B must answer each exactly once.
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

/** The lines a failed turn says: not an answer. */
export const FAILURE_LINES = new Set([message('chat.error_database', 'en'), message('chat.error_generic', 'en')]);

export type Replica = Awaited<ReturnType<typeof startApp>>;

export async function runReplicaKill<Extra>(options: {
  /** How both replicas reach the database (DATABASE_URL). */
  databaseEnv: Record<string, string>;
  /** What makes both replicas serve the platform (tokens, API URLs). */
  platformEnv: Record<string, string>;
  /** The platform_work kind of the questions. */
  workKind: string;
  /** WORK_LEASE_SECONDS and WORK_POLL_MS for both replicas (production defaults when unset). */
  leaseSeconds?: number;
  pollMs?: number;
  /** Longest wait for B's answers after the kill. */
  timeoutMs?: number;
  questions: number;
  /** Model requests that show A is mid-answer on every question it works on at once. */
  inFlight: number;
  /** Sends the questions to A (each must be acked 200); one target per question, where its answer must land. */
  send(url: string): Promise<string[]>;
  /** The target of each answer posted so far (failure lines excluded). */
  answered(): string[];
  /** After B answered all, before the count: more for B to ignore (Teams' retries). */
  afterAnswers?(b: Replica): Promise<Extra>;
}): Promise<KillScenarioResult & { extra?: Extra }> {
  const common = {
    ...options.databaseEnv,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    PLAYGROUND: 'off',
    REMINDERS_ENABLED: 'false',
    DEMO_DATA: 'false',
    ...options.platformEnv,
    ...(options.leaseSeconds ? { WORK_LEASE_SECONDS: String(options.leaseSeconds) } : {}),
    ...(options.pollMs ? { WORK_POLL_MS: String(options.pollMs) } : {}),
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

    const targets = await options.send(a.url);
    await waitUntil(
      () => model.requests() >= options.inFlight,
      20_000,
      () => `replica A asked its model ${model.requests()} times`,
    );
    const postsBeforeKill = options.answered().filter((target) => targets.includes(target)).length;
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    await a.exited;

    const answeredAll = () => {
      const answered = new Set(options.answered());
      return targets.every((target) => answered.has(target));
    };
    const lastAnswerAt = (await waitUntil(answeredAll, options.timeoutMs ?? 30_000).catch(() => false)) ? Date.now() : Number.NaN;
    const extra = await options.afterAnswers?.(b);
    // Long enough for any second claim to have happened: two leases and polls.
    const settleMs = 2 * ((options.leaseSeconds ?? 10) * 1000 + (options.pollMs ?? 1000));
    await new Promise((resolve) => setTimeout(resolve, Math.min(settleMs, 5_000)));
    const { rows } = await b.db.query<{ done: boolean; attempts: number }>(
      `SELECT done_at IS NOT NULL AS done, attempts FROM platform_work WHERE kind = $1 ORDER BY id`,
      [options.workKind],
    );
    const posts = options.answered();
    return {
      questions: options.questions,
      postsPerChannel: targets.map((target) => posts.filter((posted) => posted === target).length),
      postsBeforeKill,
      killToLastAnswerMs: lastAnswerAt - killedAt,
      work: rows,
      ...(extra === undefined ? {} : { extra }),
    };
  } finally {
    for (const close of closers) await close().catch(() => undefined);
  }
}
