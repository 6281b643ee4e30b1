/**
 * Time from a replica's death to the last question it had acked being answered by another replica
 * (issue 19 item 3: within 30 s). Two replicas on one PostgreSQL scratch database, with the
 * production lease and poll (WORK_LEASE_SECONDS 10, WORK_POLL_MS 1000): replica A, `src/main.ts` in
 * a process of its own whose model never answers, acks 12 direct messages and is killed with
 * SIGKILL; replica B (this process, extractive) claims each once A's lease has run out. Repeated,
 * and the median reported. The same for Teams (platform 'teams'): 12 1:1 messages accepted by A, then
 * answered by B through the recording Bot Connector. PGlite is one process's database: skipped, with
 * a note, without a server.
 */
import { seedSlackFixture } from '../test/slack/slack-harness.js';
import { startRecordingServer } from '../test/helpers/recording-server.js';
import { runKillScenario, type KillScenarioResult } from '../test/helpers/slack-kill-scenario.js';
import { runTeamsKillScenario } from '../test/helpers/teams-kill-scenario.js';
import { seedTeamsFixture } from '../test/teams/teams-harness.js';
import { openBenchDatabase } from './bench-database.js';

export interface SlackKillBenchResult {
  platform: 'slack' | 'teams';
  database: string;
  questions: number;
  leaseSeconds: number;
  pollMs: number;
  runs: { killToLastAnswerMs: number; answeredOnce: boolean; postsBeforeKill: number }[];
  medianKillToLastAnswerMs: number;
}

export async function runSlackKillBench(
  options: { postgresUrl?: string; runs?: number; questions?: number; platform?: 'slack' | 'teams' } = {},
): Promise<SlackKillBenchResult | { skipped: string }> {
  const postgresUrl = options.postgresUrl ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const questions = options.questions ?? 12;
  const platform = options.platform ?? 'slack';
  const runs: SlackKillBenchResult['runs'] = [];
  let description = '';
  for (let run = 0; run < (options.runs ?? Number(process.env.BENCH_KILL_RUNS ?? 3)); run += 1) {
    let database;
    try {
      database = await openBenchDatabase(`compact_bot_${platform === 'teams' ? 'teams_' : ''}kill_bench_${run}`, postgresUrl);
    } catch (error) {
      return { skipped: `no PostgreSQL server at ${postgresUrl} (${error instanceof Error ? error.message : String(error)})` };
    }
    const server = await startRecordingServer();
    try {
      description = database.description;
      const databaseEnv = { DATABASE_URL: database.url! };
      let result: KillScenarioResult;
      if (platform === 'teams') {
        await seedTeamsFixture(database.db);
        const question = 'How many border crossing points are connected to INTERPOL I-24/7 in Valdoria?';
        result = await runTeamsKillScenario({ databaseEnv, server, questions, question, leaseSeconds: 10, pollMs: 1_000 });
      } else {
        await seedSlackFixture(database.db);
        result = await runKillScenario({ databaseEnv, server, questions });
      }
      runs.push({
        killToLastAnswerMs: result.killToLastAnswerMs,
        answeredOnce: result.postsPerChannel.every((posts) => posts === 1),
        postsBeforeKill: result.postsBeforeKill,
      });
    } finally {
      await server.close();
      await database.close();
    }
  }
  const times = runs.map((r) => r.killToLastAnswerMs).sort((a, b) => a - b);
  return {
    platform,
    database: description,
    questions,
    leaseSeconds: 10,
    pollMs: 1_000,
    runs,
    medianKillToLastAnswerMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
  };
}

export function formatSlackKillBench(result: SlackKillBenchResult | { skipped: string }): string {
  if ('skipped' in result) return `Replica killed after acking: skipped, ${result.skipped}`;
  return [
    `${result.platform === 'teams' ? 'Teams' : 'Slack'} replica killed after acking ${result.questions} ${result.platform === 'teams' ? '1:1 messages' : 'DMs'} (SIGKILL; lease ${result.leaseSeconds} s, poll ${result.pollMs} ms; ${result.database}):`,
    ...result.runs.map(
      (r, i) =>
        `    run ${i + 1}: last orphaned answer ${r.killToLastAnswerMs} ms after the kill; ${r.answeredOnce ? 'each answered exactly once' : 'NOT each answered exactly once'}`,
    ),
    `    median kill → last answer: ${result.medianKillToLastAnswerMs} ms (target < 30 000 ms)`,
  ].join('\n');
}

if (process.argv[1] && /slack-kill-bench\.ts$/.test(process.argv[1])) {
  console.log(formatSlackKillBench(await runSlackKillBench()));
  console.log(formatSlackKillBench(await runSlackKillBench({ platform: 'teams' })));
}
