import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { franc } from 'franc-min';
import { detect as tinyldDetect } from 'tinyld';
import { loadModule } from 'cld3-asm';
import { eld } from 'eld/extrasmall';
import { LANGUAGES, isLanguage, type Language } from '../src/core/retrieval/retrieved-chunk.js';
import { detectLanguage, detectQuestionLanguage } from '../src/ingest/detect-language.js';
import { loadEvalItems } from '../src/eval/load-eval-items.js';

/**
 * Which language detector reads the questions of every evaluation set right: each candidate
 * restricted to the six UN languages, on every item's question, against the language the set
 * declares. `npm run eval:languages`; the figures are in the README.
 */

const REPOSITORY = fileURLToPath(new URL('../', import.meta.url));
const SETS = [
  path.join(REPOSITORY, '..', 'shared', 'corpus', 'eval', 'questions.yaml'),
  path.join(REPOSITORY, 'test', 'fixtures', 'eval-b', 'eval', 'questions.yaml'),
  path.join(REPOSITORY, 'test', 'fixtures', 'eval-c', 'eval', 'questions.yaml'),
  path.join(REPOSITORY, 'test', 'fixtures', 'eval-real', 'eval', 'questions.yaml'),
];

const ISO3: Record<Language, string> = { en: 'eng', fr: 'fra', es: 'spa', ru: 'rus', ar: 'arb', zh: 'cmn' };
const FROM_ISO3 = Object.fromEntries(Object.entries(ISO3).map(([two, three]) => [three, two])) as Record<string, Language>;

/** Questions are also scored cut to their first words (Chinese, unspaced, is left out of that column). */
const SHORT_WORDS = 4;

type Detector = (text: string) => string | null;

async function detectors(): Promise<[string, Detector][]> {
  const cld = (await loadModule()).create(0, 1000);
  eld.setLanguageSubset([...LANGUAGES]);
  return [
    ['franc-min (six languages)', (text) => FROM_ISO3[franc(text, { only: Object.values(ISO3), minLength: 3 })] ?? null],
    ['franc-min, scripts first (before)', (text) => detectLanguage(text)],
    ['cld3-asm', (text) => cld.findLanguage(text).language],
    ['tinyld', (text) => tinyldDetect(text, { only: [...LANGUAGES] }) || null],
    ['eld (extrasmall)', (text) => eld.detect(text).language || null],
    ['adopted: questions (eld, scripts first, fallback when unsure)', (text) => detectQuestionLanguage(text, 'en')],
  ];
}

async function main(): Promise<void> {
  const sets = SETS.filter((file) => existsSync(file));
  for (const missing of SETS.filter((file) => !existsSync(file)))
    process.stdout.write(`(skipped, absent: ${path.relative(process.cwd(), missing)})\n`);
  const candidates = await detectors();
  const labels = sets.map((file) => path.basename(path.dirname(path.dirname(file))));
  const rows: string[][] = [['detector', ...labels, 'all', `all, first ${SHORT_WORDS} words`]];
  const misses = new Map<string, string[]>();
  for (const [name, detect] of candidates) {
    const row = [name];
    let right = 0;
    let total = 0;
    for (const file of sets) {
      const items = loadEvalItems(file).filter((item) => isLanguage(item.language));
      const correct = items.filter((item) => {
        const ok = detect(item.question) === item.language;
        if (!ok) misses.set(name, [...(misses.get(name) ?? []), `${item.language}: ${item.question}`]);
        return ok;
      }).length;
      right += correct;
      total += items.length;
      row.push(`${correct}/${items.length} (${((100 * correct) / Math.max(items.length, 1)).toFixed(1)}%)`);
    }
    row.push(`${right}/${total} (${((100 * right) / Math.max(total, 1)).toFixed(1)}%)`);
    // The same questions cut short, as members often type them ("status of the Iraq plan?").
    const short = sets
      .flatMap((file) => loadEvalItems(file).filter((item) => isLanguage(item.language)))
      .filter((item) => !/\p{Script=Han}/u.test(item.question));
    const shortRight = short.filter((item) => detect(item.question.split(/\s+/u).slice(0, SHORT_WORDS).join(' ')) === item.language).length;
    row.push(`${shortRight}/${short.length} (${((100 * shortRight) / Math.max(short.length, 1)).toFixed(1)}%)`);
    rows.push(row);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}\n`);
  if (process.argv.includes('--misses'))
    for (const [name, list] of misses) process.stdout.write(`\n${name}:\n${list.map((line) => `  ${line}`).join('\n')}\n`);
}

await main();
