import type { ItemScore, Totals } from './score-items.js';

const percent = (value: number | null) => (value === null ? '  n/a' : `${(value * 100).toFixed(1).padStart(5)}%`);
const ratio = (found: number, expected: number) =>
  expected === 0 ? '  n/a' : `${found}/${expected} (${((found / expected) * 100).toFixed(1)}%)`;

export function formatFailure(score: ItemScore): string {
  const { item, outcome } = score;
  const answer = outcome.text.replace(/\s+/g, ' ').slice(0, 220);
  return [
    `✗ ${item.id} [${item.language}] ${item.type} by ${item.asked_by} in ${item.context} (${item.tags.join(', ')})`,
    `    asked:    ${item.question}`,
    ...score.problems.map((problem) => `    problem:  ${problem}`),
    `    got:      ${outcome.refused ? 'refused' : outcome.answerable ? 'answered' : "couldn't find"}; cited ${outcome.citedDocumentIds.join(', ') || 'nothing'}`,
    `    answer:   ${answer}${outcome.text.length > 220 ? '…' : ''}`,
  ].join('\n');
}

export function formatTotalsLine(label: string, totals: Totals): string {
  return [
    label.padEnd(26),
    `items ${String(totals.items).padStart(3)}`,
    `recall@5 ${percent(totals.recallAt5)}`,
    `facts ${ratio(totals.factsFound, totals.factsExpected).padEnd(16)}`,
    `refusals ${ratio(totals.refusalsCorrect, totals.refusalsExpected).padEnd(16)}`,
    `leaks ${totals.leaks}`,
  ].join('  ');
}

export function formatReport(
  scores: ItemScore[],
  overall: Totals,
  byLanguage: Map<string, Totals>,
  byTag: Map<string, Totals>,
  skipped: string[],
): string {
  const failures = scores.filter((s) => s.problems.length > 0).map(formatFailure);
  const lines = [
    ...(failures.length > 0 ? ['Failing items:', ...failures, ''] : ['No failing items.', '']),
    'Per language:',
    ...[...byLanguage].map(([language, totals]) => `  ${formatTotalsLine(language, totals)}`),
    '',
    'Per tag:',
    ...[...byTag].map(([tag, totals]) => `  ${formatTotalsLine(tag, totals)}`),
    '',
    ...(skipped.length > 0 ? [`Skipped ${skipped.length} items: ${skipped.join(', ')}`, ''] : []),
    'Totals:',
    `  items scored:                 ${overall.items} (${overall.failing} with problems)`,
    `  recall@5 (answerable):        ${percent(overall.recallAt5)} over ${overall.recallItems} items`,
    `  recall@5 (same language):     ${percent(overall.sameLanguageRecallAt5)}`,
    `  required facts found:         ${ratio(overall.factsFound, overall.factsExpected)}`,
    `  facts (same language):        ${ratio(overall.sameLanguageFactsFound, overall.sameLanguageFactsExpected)}`,
    `  answered (answerable items):  ${ratio(overall.answeredItems, overall.answerableItems)}`,
    `  answered (same language):     ${ratio(overall.sameLanguageAnsweredItems, overall.sameLanguageAnswerableItems)}`,
    `  correct refusals:             ${ratio(overall.refusalsCorrect, overall.refusalsExpected)}`,
    `  cautious answers:             ${overall.cautiousOnAnswerable} to items with an answer, ${overall.cautiousOnRefusals} to items to refuse`,
    `  leaks:                        ${overall.leaks}`,
  ];
  return lines.join('\n');
}

/** The corpora's totals in columns, one row per measure (same-language figures are the extractive targets). */
export function formatSideBySide(runs: { label: string; totals: Totals; medianAnswerChars: number | null }[]): string {
  const rows: [string, (run: (typeof runs)[number]) => string][] = [
    ['items', (r) => String(r.totals.items)],
    ['recall@5 (answerable)', (r) => percent(r.totals.recallAt5).trim()],
    ['recall@5 (same language)', (r) => percent(r.totals.sameLanguageRecallAt5).trim()],
    ['facts', (r) => ratio(r.totals.factsFound, r.totals.factsExpected)],
    ['facts (same language)', (r) => ratio(r.totals.sameLanguageFactsFound, r.totals.sameLanguageFactsExpected)],
    ['answered (answerable)', (r) => ratio(r.totals.answeredItems, r.totals.answerableItems)],
    ['answered (same language)', (r) => ratio(r.totals.sameLanguageAnsweredItems, r.totals.sameLanguageAnswerableItems)],
    ['correct refusals', (r) => ratio(r.totals.refusalsCorrect, r.totals.refusalsExpected)],
    ['cautious (answerable)', (r) => `${r.totals.cautiousOnAnswerable} of ${r.totals.answerableItems}`],
    ['cautious (to refuse)', (r) => `${r.totals.cautiousOnRefusals} of ${r.totals.refusalsExpected}`],
    ['leaks', (r) => String(r.totals.leaks)],
    ['median answer (chars)', (r) => (r.medianAnswerChars === null ? 'n/a' : String(r.medianAnswerChars))],
  ];
  const width = Math.max(18, ...runs.map((r) => r.label.length + 2));
  return [
    `Side by side:${' '.repeat(14)}${runs.map((r) => r.label.padEnd(width)).join('')}`,
    ...rows.map(([name, value]) => `  ${name.padEnd(25)}${runs.map((r) => value(r).padEnd(width)).join('')}`),
  ].join('\n');
}
