/**
 * Fact matching exactly as the corpus validator does it (check_catalog.py `norm`/`contains_fact`):
 * NFKC, dashes and quotes folded, whitespace collapsed, case-folded; a fact never matches inside a
 * longer ASCII word or number ("37" does not match "137").
 */
const FOLDS: [string, string][] = [
  ['\u2010', '-'],
  ['\u2011', '-'],
  ['\u2012', '-'],
  ['\u2013', '-'],
  ['\u2014', '-'],
  ['\u2018', "'"],
  ['\u2019', "'"],
  ['\u201c', '"'],
  ['\u201d', '"'],
  ['\u00a0', ' '],
];

export function normalizeForMatching(text: string): string {
  let value = text.normalize('NFKC');
  for (const [from, to] of FOLDS) value = value.split(from).join(to);
  return value.replace(/\s+/gu, ' ').toLowerCase();
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function containsFact(normalizedText: string, fact: string): boolean {
  const pattern = new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(normalizeForMatching(fact))}(?![A-Za-z0-9])`, 'u');
  return pattern.test(normalizedText);
}
