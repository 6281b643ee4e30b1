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
import { createAnswerService, type AnswerService } from '../app/create-answer-service.js';
import { loadEvalItems, type EvalItem } from './load-eval-items.js';
import { corpusSpecOf, type CorpusSpec } from './corpus-spec.js';
import { formatVariants, policyVariants, type PolicyVariant } from './policy-variants.js';
import { DEFAULT_POLICY, type AnswerPolicy } from '../core/answering/answer-policy.js';
import { ANSWER_STEPS } from '../core/answering/select-passages.js';
import type { ItemOutcome, Totals } from './score-items.js';
import { readYamlFile } from '../ingest/read-yaml-file.js';
import { formatReport, formatSideBySide } from './report.js';
import { distinctInOrder, runEval, type EvalResult } from './run-eval.js';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The sets scored when none is named, where present: the shared development corpus, the frozen
 * second and third sets, the four real-text sets (their texts stay in ../shared/real-corpus) and a
 * second question set over the shared corpus (its documents stay in ../shared/corpus).
 */
const DEFAULT_CORPORA = [
  path.join(REPOSITORY, '..', 'shared', 'corpus'),
  path.join(REPOSITORY, 'test', 'fixtures', 'eval-b'),
  path.join(REPOSITORY, 'test', 'fixtures', 'eval-c'),
  path.join(REPOSITORY, 'test', 'fixtures', 'eval-real'),
  path.join(REPOSITORY, 'test', 'fixtures', 'eval-real-b'),
  path.join(REPOSITORY, 'test', 'fixtures', 'eval-real-c'),
  path.join(REPOSITORY, 'test', 'fixtures', 'eval-real-d'),
  path.join(REPOSITORY, 'test', 'fixtures', 'eval-shared-b'),
];

/** A set described by a corpus.yaml (texts outside the repository), rather than a corpus folder. */
const isDescriptor = (spec: CorpusSpec) => spec.descriptor !== null;

interface CorpusRun {
  label: string;
  questionsPath: string;
  result: EvalResult;
  /** Median length of the answered items' text before the sources (extractive or model). */
  medianAnswerChars: number | null;
  /** --model-path-recall: share of answerable items whose expected documents reached the model. */
  modelPathRecall: {
    all: number | null;
    sameLanguage: number | null;
    /** Items tagged cross_language_source: the question is not in its documents' language. */
    crossLanguage: number | null;
    crossLanguageItems: number;
    items: number;
    /** How many questions of the set the recorder could translate (query rewrite is on when any). */
    translations: number;
  } | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

/** The local OpenAI-wire server of test/helpers, recording prompts (loaded only for --model-path-recall). */
interface PromptRecorder {
  baseUrl: string;
  reset(): void;
  setTranslations(table: TranslationTable): void;
  chatRequests(): { promptText: string }[];
  close(): Promise<void>;
}

async function startPromptRecorder(): Promise<PromptRecorder> {
  // A path tsc does not follow: the helper lives with the tests and is not part of the build.
  const helper = new URL('../../test/helpers/fake-openai-server.ts', import.meta.url).href;
  const module = (await import(helper)) as { startFakeOpenAiServer(): Promise<PromptRecorder & { setDefault(reply: object): void }> };
  const server = await module.startFakeOpenAiServer();
  server.setDefault({ content: 'NO_ANSWER' });
  return server;
}

const SHARED_QUESTIONS = path.join(DEFAULT_CORPORA[0]!, 'eval', 'questions.yaml');
const SHARED_TRANSLATIONS = path.join(REPOSITORY, 'test', 'fixtures', 'shared-corpus-translations.yaml');

/** Question → its translations by language code, as a model's query rewrite would give them. */
type TranslationTable = Record<string, Record<string, string>>;

/**
 * The translations the recorder answers query rewrites with: eval/translations.yaml beside the
 * questions, and any --translations file. A set without one is measured with no query rewrite.
 */
function loadTranslations(questionsPath: string, extra: string[]): TranslationTable {
  const table: TranslationTable = {};
  // ../shared is read-only: the shared corpus's table is kept in the repository instead.
  const held = path.resolve(questionsPath) === SHARED_QUESTIONS ? [SHARED_TRANSLATIONS] : [];
  for (const file of [path.join(path.dirname(questionsPath), 'translations.yaml'), ...held, ...extra]) {
    if (!existsSync(file)) continue;
    const data = readYamlFile(file).data as { translations?: Record<string, Record<string, unknown>> } | null;
    for (const [question, byLanguage] of Object.entries(data?.translations ?? {}))
      table[question] = Object.fromEntries(
        Object.entries(byLanguage).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
  }
  return table;
}

/** A question item asked as its member, where it says: the answer, and what the scorer reads of it. */
async function askItem(
  service: AnswerService,
  item: EvalItem,
): Promise<{ answer: Awaited<ReturnType<AnswerService>>; outcome: ItemOutcome }> {
  const answer = await service({ memberId: item.asked_by, context: parseContext(item.context), question: item.question, platform: 'eval' });
  return {
    answer,
    outcome: {
      answerable: answer.answerable,
      refused: false,
      text: answer.answer,
      citedDocumentIds: answer.citations.map((c) => c.documentId),
      retrievedDocumentIds: distinctInOrder(answer.retrieved.map((c) => c.documentId)),
      cautious: answer.cautious === true,
    },
  };
}

async function evaluateCorpus(
  spec: CorpusSpec,
  recorder?: PromptRecorder,
  variants: readonly PolicyVariant[] = [],
  policy?: AnswerPolicy,
  translationFiles: string[] = [],
): Promise<CorpusRun & { variants: { name: string; totals: Totals; medianAnswerChars: number | null }[] }> {
  const { questionsPath, catalogs } = spec;
  const items = loadEvalItems(questionsPath);
  const translations = recorder ? loadTranslations(questionsPath, translationFiles) : {};
  const translatable = items.filter((item) => translations[item.question]).length;
  recorder?.setTranslations(translations);
  // The same configuration as the bot: with an LLM endpoint set, answers and drafts go through it.
  // Measuring the model path: a local recording server, every passage sendable, and query rewrite
  // only where the set supplies translations for the recorder to give, so what is measured is which
  // passages retrieval hands the model.
  const config = recorder
    ? loadConfig({
        ...process.env,
        OPENAI_BASE_URL: recorder.baseUrl,
        LLM_MODEL: 'recorder',
        LLM_EGRESS: 'internal',
        LLM_MAX_RETRIES: '0',
        LLM_QUERY_REWRITE: translatable > 0 ? 'true' : 'false',
      })
    : loadConfig();
  const logger = createSilentLogger();
  // A fresh embedded database every run: the evaluation never touches the bot's own data.
  const db = await openPgliteDatabase('memory');
  try {
    await migrate(db);
    const loaded = await loadCorpus(db, { directory: spec.directories, catalogs });
    for (const summary of loaded.catalogs) {
      if (summary.failed.length > 0) {
        process.stderr.write(
          `eval: ${summary.failed.length} documents of ${summary.catalog} failed to load:\n${summary.failed.map((f) => `  ${f.path}: ${f.reason}`).join('\n')}\n`,
        );
      }
    }
    const variantTotals: { name: string; totals: Totals; medianAnswerChars: number | null }[] = [];
    for (const variant of variants) {
      // The same loaded database, the answers only, with one step switched off or one threshold moved.
      const service = await createAnswerService(db, config, logger, { audit: false, policy: variant.policy });
      const lengths: number[] = [];
      const scored = await runEval(
        items.filter((item) => item.type === 'question'),
        {
          async answer(item) {
            const { answer, outcome } = await askItem(service, item);
            if (answer.answerable) lengths.push(answer.body.length);
            return outcome;
          },
        },
      );
      variantTotals.push({ name: variant.name, totals: scored.overall, medianAnswerChars: median(lengths) });
    }
    const answerService = await createAnswerService(db, config, logger, { policy });
    const summaryService = createSummaryService(db, config, logger);
    const answerLengths: number[] = [];
    const modelPath = { items: 0, hits: 0, sameLanguageItems: 0, sameLanguageHits: 0, crossItems: 0, crossHits: 0 };
    const titles = new Map<string, string>();
    if (recorder) {
      const rows = await db.query<{ id: string; title: string }>('SELECT id, title FROM documents');
      for (const row of rows.rows) titles.set(row.id, row.title);
    }
    const result = await runEval(items, {
      async answer(item) {
        recorder?.reset();
        const { answer, outcome } = await askItem(answerService, item);
        if (answer.answerable) answerLengths.push(answer.body.length);
        if (recorder && item.expect.answerable && item.expect.docs.length > 0) {
          // Sent = named in a passage's source attribute of a prompt; catalog answers cite without the model.
          const prompts = recorder.chatRequests().map((r) => r.promptText);
          const sent = (doc: string) =>
            answer.citations.some((c) => c.documentId === doc) ||
            prompts.some((p) => p.includes(`source="${(titles.get(doc) ?? doc).replace(/"/g, "'")}`));
          const hits = item.expect.docs.filter(sent).length;
          const hit = item.expect.docs_match === 'any' ? (hits > 0 ? 1 : 0) : hits / item.expect.docs.length;
          modelPath.items += 1;
          modelPath.hits += hit;
          if (!item.tags.includes('cross_language_source')) {
            modelPath.sameLanguageItems += 1;
            modelPath.sameLanguageHits += hit;
          } else {
            modelPath.crossItems += 1;
            modelPath.crossHits += hit;
          }
        }
        return outcome;
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
    return {
      label: spec.label,
      questionsPath,
      result,
      medianAnswerChars: median(answerLengths),
      variants: variantTotals,
      modelPathRecall: recorder
        ? {
            all: modelPath.items > 0 ? modelPath.hits / modelPath.items : null,
            sameLanguage: modelPath.sameLanguageItems > 0 ? modelPath.sameLanguageHits / modelPath.sameLanguageItems : null,
            crossLanguage: modelPath.crossItems > 0 ? modelPath.crossHits / modelPath.crossItems : null,
            crossLanguageItems: modelPath.crossItems,
            translations: translatable,
            items: modelPath.items,
          }
        : null,
    };
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('eval')
    .description('score retrieval and answers against evaluation corpora (recall, facts, refusals, leaks), side by side')
    .argument('[questions]', 'a questions.yaml (same as --corpus)')
    .option(
      '--corpus <dir>',
      'a corpus folder with catalog.yaml, directory.yaml and eval/questions.yaml (repeatable; default ../shared/corpus, test/fixtures/eval-b and test/fixtures/eval-c, where present)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--catalog <path>',
      'an additional catalog.yaml (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--directory <path>', 'directory.yaml (default: beside the questions)')
    .option('--json', 'print every item score as JSON')
    .option(
      '--without <step>',
      'score with this answer step switched off (repeatable; the steps of src/core/answering/select-passages.ts)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--translations <path>',
      'with --model-path-recall: a YAML file "translations: {question: {en: ...}}" the recorder answers query rewrites with (repeatable; eval/translations.yaml beside the questions is read too)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--report',
      'also score every set with each answer step switched off and each threshold of the answer policy moved, and print the tables (question items; the same loaded database)',
    )
    .option(
      '--model-path-recall',
      'answer through the model path against a local recording server and report the share of answerable items whose expected documents were sent to the model',
    )
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const options = program.opts<{
    corpus: string[];
    catalog: string[];
    directory?: string;
    json?: boolean;
    modelPathRecall?: boolean;
    report?: boolean;
    without: string[];
    translations: string[];
  }>();
  const unknownStep = options.without.find((name) => !ANSWER_STEPS.some((step) => step.name === name));
  if (unknownStep !== undefined) {
    process.stderr.write(`eval: no answer step "${unknownStep}"; the steps are ${ANSWER_STEPS.map((step) => step.name).join(', ')}\n`);
    return 2;
  }
  const policy = options.without.length > 0 ? { ...DEFAULT_POLICY, disabledSteps: new Set(options.without) } : undefined;
  const overrides = { directory: options.directory, catalogs: options.catalog };
  const named = [...(program.args[0] ? [program.args[0]] : []), ...options.corpus].map((c) => corpusSpecOf(c, REPOSITORY, overrides));
  const defaults = DEFAULT_CORPORA.filter((dir) => existsSync(dir)).map((dir) => corpusSpecOf(dir, REPOSITORY, overrides));
  // A set whose texts live outside the repository (../shared) is skipped, saying so, where they are absent.
  const candidates = named.length > 0 ? named : defaults.filter((spec) => spec.missing === null || isDescriptor(spec));
  const skipped = candidates.filter((spec) => spec.missing !== null && isDescriptor(spec));
  for (const spec of skipped) process.stderr.write(`eval: skipping ${spec.label}: ${spec.missing}\n`);
  const specs = candidates.filter((spec) => !skipped.includes(spec));
  if (specs.length === 0 && skipped.length === 0) {
    process.stderr.write(
      `eval: no evaluation corpus found (looked for ${DEFAULT_CORPORA.map((dir) => path.relative(process.cwd(), dir) || '.').join(' and ')}).\n` +
        'Point it at one: npm run eval -- --corpus <dir>   (a folder with catalog.yaml, directory.yaml and eval/questions.yaml; repeatable)\n',
    );
    return 2;
  }
  const missing = specs.filter((spec) => spec.missing !== null);
  if (missing.length > 0) {
    process.stderr.write(
      `eval: ${missing.map((spec) => spec.missing).join(', ')}; --corpus takes a folder holding eval/questions.yaml (or a corpus.yaml)\n`,
    );
    return 2;
  }
  if (specs.length === 0) return 2;
  const started = Date.now();
  const runs: (CorpusRun & { variants: { name: string; totals: Totals; medianAnswerChars: number | null }[] })[] = [];
  const recorder = options.modelPathRecall ? await startPromptRecorder() : undefined;
  try {
    for (const spec of specs)
      runs.push(await evaluateCorpus(spec, recorder, options.report ? policyVariants() : [], policy, options.translations));
  } finally {
    await recorder?.close();
  }

  if (options.json) {
    const json = runs.map(({ label, questionsPath, result, medianAnswerChars, modelPathRecall }) => ({
      corpus: label,
      questions: questionsPath,
      medianAnswerChars,
      modelPathRecall,
      overall: result.overall,
      byLanguage: Object.fromEntries(result.byLanguage),
      byTag: Object.fromEntries(result.byTag),
      skipped: result.skipped,
      items: result.scores.map((s) => ({
        id: s.item.id,
        recallAt5: s.recallAt5,
        factsFound: s.factsFound,
        factsExpected: s.factsExpected,
        refusalCorrect: s.refusalCorrect,
        leaks: s.leaks,
        problems: s.problems,
      })),
    }));
    process.stdout.write(`${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n`);
  } else {
    for (const run of runs) {
      process.stdout.write(`\n=== ${run.label} (${run.questionsPath})\n`);
      process.stdout.write(
        `${formatReport(run.result.scores, run.result.overall, run.result.byLanguage, run.result.byTag, run.result.skipped)}\n`,
      );
      process.stdout.write(`  median answer length:         ${run.medianAnswerChars ?? 'n/a'} characters before the sources\n`);
    }
    process.stdout.write(
      `\n${formatSideBySide(runs.map((run) => ({ label: run.label, totals: run.result.overall, medianAnswerChars: run.medianAnswerChars })))}\n`,
    );
    if (options.report) process.stdout.write(`\n${formatVariants(runs)}\n`);
    if (recorder) {
      // The recorder answers every prompt with the same canned text: only what reached the model counts here.
      process.stdout.write(
        `  (model path against the local recording server: its canned replies make the facts, answered and median rows meaningless; read recall, refusals and leaks)\n`,
      );
      const pct = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);
      for (const run of runs) {
        const recall = run.modelPathRecall;
        const rewrite = recall?.translations
          ? `query rewrite from ${recall.translations} translations`
          : 'no query rewrite: the set supplies no translations';
        process.stdout.write(
          `  model-path recall ${run.label.padEnd(12)} ${pct(recall?.sameLanguage ?? null)} same language, ${pct(recall?.crossLanguage ?? null)} cross-language (${recall?.crossLanguageItems ?? 0} items), ${pct(recall?.all ?? null)} all (${recall?.items ?? 0} answerable items; ${rewrite})\n`,
        );
      }
    }
    const config = loadConfig();
    process.stdout.write(
      `\nEvaluated ${runs.reduce((n, run) => n + run.result.scores.length, 0)} items from ${runs.length} corpora in ${((Date.now() - started) / 1000).toFixed(1)} s on ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), Node ${process.version}, ${recorder ? 'model path against the local recording server' : isChatModelConfigured(config.llm) ? `model ${config.llm.azure?.deployment ?? config.llm.model} (${config.llm.egress})` : 'extractive mode'}.\n`,
    );
  }
  const leaking = runs.filter((run) => run.result.overall.leaks > 0);
  if (leaking.length > 0) {
    process.stderr.write(`eval: leaks in ${leaking.map((run) => `${run.label} (${run.result.overall.leaks})`).join(', ')} — failing.\n`);
    return 1;
  }
  return 0;
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
