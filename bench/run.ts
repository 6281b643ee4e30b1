/**
 * `npm run bench`: the machine first, then every benchmark in turn, then all results as JSON in
 * bench/results/latest.json. Sizes come from flags or BENCH_* variables (see retrieval-bench.ts),
 * e.g. `BENCH_CHUNKS=5000 npm run bench` for a quick run.
 */
import os from 'node:os';
import path from 'node:path';
import { describeMachine, formatMachine } from './machine-info.js';
import { runRemindersBench } from './reminders-bench.js';
import { formatRetrievalBench, retrievalBenchOptionsFrom, runRetrievalBench, writeResults } from './retrieval-bench.js';
import { formatSlackAckBench, runSlackAckBench } from './slack-ack-bench.js';
import { formatSlackKillBench, runSlackKillBench } from './slack-kill-bench.js';

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  const machine = describeMachine();
  console.log(formatMachine(machine));
  console.log('');
  const retrievalOptions = retrievalBenchOptionsFrom(process.argv.slice(2), process.env, log);
  const started = Date.now();

  log('retrieval benchmark');
  const retrieval = await runRetrievalBench(retrievalOptions);
  console.log(formatRetrievalBench(retrieval));
  console.log('');

  log('reminders benchmark');
  console.log('Reminders:');
  const reminders = await runRemindersBench();
  console.log('');

  log('slack ack benchmark (BENCH_SLACK_REQUESTS per app and kind, default 1000)');
  const slackAck = await runSlackAckBench();
  console.log(formatSlackAckBench(slackAck));
  console.log('');

  log('replica kill benchmark (PostgreSQL: BENCH_DATABASE_URL; BENCH_KILL_RUNS runs, default 3)');
  const slackKill = await runSlackKillBench();
  console.log(formatSlackKillBench(slackKill));
  const teamsKill = await runSlackKillBench({ platform: 'teams' });
  console.log(formatSlackKillBench(teamsKill));

  if (retrievalOptions.resultsPath) {
    writeResults(retrievalOptions.resultsPath, {
      ranAt: new Date().toISOString(),
      machine,
      loadAverageAtEnd: os.loadavg().map((value) => Math.round(value * 100) / 100),
      retrieval,
      reminders,
      slackAck,
      slackKill,
      teamsKill,
    });
    log(`results written to ${path.relative(process.cwd(), retrievalOptions.resultsPath)}`);
  }
  const loadAtEnd = os.loadavg().map((value) => Math.round(value * 100) / 100);
  console.log(`Load average at the end: ${loadAtEnd.join(' / ')} (1/5/15 min) on ${machine.cores} cores.`);
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
