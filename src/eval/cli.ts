import path from 'node:path';
import os from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config.js';
import { parseContext } from '../core/types.js';
import { openPgliteDatabase } from '../db/pglite-driver.js';
import { migrate } from '../db/migrate.js';
import { isAppError } from '../errors.js';
import { loadCorpus } from '../ingest/load-corpus.js';
import { isChatModelConfigured } from '../llm/openai-chat-model.js';
import { createSummaryService } from '../app/create-summary-service.js';
import { createSilentLogger } from '../logger.js';
import { createAnswerService } from '../app/create-answer-service.js';
import { loadEvalItems } from './load-eval-items.js';
import { formatReport } from './report.js';
import { distinctInOrder, runEval } from './run-eval.js';

const DEFAULT_QUESTIONS = fileURLToPath(new URL('../../../shared/corpus/eval/questions.yaml', import.meta.url));

/** catalog.yaml / directory.yaml: beside the questions file, or one folder up (corpus/eval/questions.yaml). */
function besideQuestions(questionsPath: string, name: string): string {
  const here = path.join(path.dirname(questionsPath), name);
  return existsSync(here) ? here : path.join(path.dirname(questionsPath), '..', name);
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('eval')
    .description('score retrieval and answers against an evaluation corpus (recall, facts, refusals, leaks)')
    .argument('[questions]', 'questions.yaml', DEFAULT_QUESTIONS)
    .option(
      '--catalog <path>',
      'an additional catalog.yaml (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--directory <path>', 'directory.yaml (default: beside the questions)')
    .option('--json', 'print every item score as JSON')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const questionsPath = path.resolve(program.args[0] ?? DEFAULT_QUESTIONS);
  const options = program.opts<{ catalog: string[]; directory?: string; json?: boolean }>();
  const directoryPath = path.resolve(options.directory ?? besideQuestions(questionsPath, 'directory.yaml'));
  const catalogs = [besideQuestions(questionsPath, 'catalog.yaml'), ...options.catalog].map((p) => path.resolve(p));

  const items = loadEvalItems(questionsPath);
  // The same configuration as the bot: with an LLM endpoint set, answers and drafts go through it.
  const config = loadConfig();
  const logger = createSilentLogger();
  const started = Date.now();
  // A fresh embedded database every run: the evaluation never touches the bot's own data.
  const db = await openPgliteDatabase('memory');
  try {
    await migrate(db);
    const loaded = await loadCorpus(db, { directory: directoryPath, catalogs });
    for (const summary of loaded.catalogs) {
      if (summary.failed.length > 0) {
        process.stderr.write(
          `eval: ${summary.failed.length} documents of ${summary.catalog} failed to load:\n${summary.failed.map((f) => `  ${f.path}: ${f.reason}`).join('\n')}\n`,
        );
      }
    }
    const answerService = await createAnswerService(db, config, logger);
    const summaryService = createSummaryService(db, config, logger);
    const result = await runEval(items, {
      async answer(item) {
        const answer = await answerService({
          memberId: item.asked_by,
          context: parseContext(item.context),
          question: item.question,
          platform: 'eval',
        });
        return {
          answerable: answer.answerable,
          refused: false,
          text: answer.answer,
          citedDocumentIds: answer.citations.map((c) => c.documentId),
          retrievedDocumentIds: distinctInOrder(answer.retrieved.map((c) => c.documentId)),
        };
      },
      async summarize(item) {
        const outcome = await summaryService.request({
          memberId: item.asked_by,
          workingGroupId: item.working_group ?? '',
          memberStateId: item.member_state ?? '',
          language: item.language,
          platform: 'eval',
          question: item.question,
        });
        if (outcome.refused)
          return { answerable: false, refused: true, text: outcome.message, citedDocumentIds: [], retrievedDocumentIds: [] };
        return {
          answerable: !outcome.empty,
          refused: false,
          text: outcome.text,
          citedDocumentIds: outcome.citations.map((c) => c.documentId),
          retrievedDocumentIds: outcome.retrievedDocumentIds,
        };
      },
    });
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ overall: result.overall, byLanguage: Object.fromEntries(result.byLanguage), byTag: Object.fromEntries(result.byTag), skipped: result.skipped, items: result.scores.map((s) => ({ id: s.item.id, recallAt5: s.recallAt5, factsFound: s.factsFound, factsExpected: s.factsExpected, refusalCorrect: s.refusalCorrect, leaks: s.leaks, problems: s.problems })) }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(`${formatReport(result.scores, result.overall, result.byLanguage, result.byTag, result.skipped)}\n`);
      process.stdout.write(
        `\nEvaluated ${items.length} items from ${questionsPath} in ${((Date.now() - started) / 1000).toFixed(1)} s on ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), Node ${process.version}, ${isChatModelConfigured(config.llm) ? `model ${config.llm.azure?.deployment ?? config.llm.model} (${config.llm.egress})` : 'extractive mode'}.\n`,
      );
    }
    if (result.overall.leaks > 0) {
      process.stderr.write(`eval: ${result.overall.leaks} leaks — failing.\n`);
      return 1;
    }
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
    else {
      process.stderr.write(`eval: ${isAppError(error) ? error.userMessage : error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = isAppError(error) ? error.exitCode : 1;
    }
  },
);
