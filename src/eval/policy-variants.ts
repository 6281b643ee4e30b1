import { DEFAULT_POLICY, type AnswerPolicy } from '../core/answering/answer-policy.js';
import { ANSWER_STEPS } from '../core/answering/select-passages.js';
import type { Totals } from './score-items.js';

/** One way of answering, scored beside the default by `npm run eval -- --report`. */
export interface PolicyVariant {
  name: string;
  policy: AnswerPolicy;
}

type NumericKey = { [K in keyof AnswerPolicy]: AnswerPolicy[K] extends number ? K : never }[keyof AnswerPolicy];

/** Each threshold moved down and up from its setting: what each is worth on every set, instead of tables in comments. */
const MOVED: [NumericKey, number, number][] = [
  ['minCoverage', 0.4, 0.5],
  ['minFocusCoverage', 0.45, 0.55],
  ['strongCoverage', 0.6, 0.7],
  ['minFocusWhenStrong', 0.35, 0.45],
  ['relativeToBest', 0.5, 0.7],
  ['minKnownTerms', 1, 3],
  ['cautiousStanding', 1.25, 2],
  ['cautiousMinKnownShare', 0.4, 0.6],
  ['cautiousMinTermsTogether', 1, 3],
  ['proximityWindow', 8, 20],
  ['cautiousStandingAlone', 1.3, 2],
  ['namedStateMaxAbsentTerms', 0, 2],
  ['namedStateMinTermsTogether', 0, 2],
];

/** The default, then every answer step switched off, then every threshold moved. */
export function policyVariants(): PolicyVariant[] {
  return [
    { name: 'default', policy: DEFAULT_POLICY },
    ...ANSWER_STEPS.map((step) => ({
      name: `without ${step.name}`,
      policy: { ...DEFAULT_POLICY, disabledSteps: new Set([step.name]) },
    })),
    ...MOVED.flatMap(([key, low, high]) =>
      [low, high].map((value) => ({ name: `${key} ${DEFAULT_POLICY[key]} → ${value}`, policy: { ...DEFAULT_POLICY, [key]: value } })),
    ),
  ];
}

const ratio = (found: number, expected: number) => (expected === 0 ? 'n/a' : `${found}/${expected}`);

/** One table per set: a row per variant (question items only; same-language answered and facts are the extractive targets). */
export function formatVariants(
  runs: { label: string; variants: { name: string; totals: Totals; medianAnswerChars: number | null }[] }[],
): string {
  const header = `  ${'variant'.padEnd(40)}${['answered', 'facts', 'refusals', 'cautious ans/ref', 'leaks', 'median'].map((h) => h.padEnd(17)).join('')}`;
  return runs
    .map((run) =>
      [
        `Report: ${run.label} (question items, same language for answered and facts)`,
        header,
        ...run.variants.map(({ name, totals: t, medianAnswerChars }) =>
          [
            `  ${name.padEnd(40)}`,
            ratio(t.sameLanguageAnsweredItems, t.sameLanguageAnswerableItems).padEnd(17),
            ratio(t.sameLanguageFactsFound, t.sameLanguageFactsExpected).padEnd(17),
            ratio(t.refusalsCorrect, t.refusalsExpected).padEnd(17),
            `${t.cautiousOnAnswerable}/${t.cautiousOnRefusals}`.padEnd(17),
            String(t.leaks).padEnd(17),
            String(medianAnswerChars ?? 'n/a'),
          ].join(''),
        ),
      ].join('\n'),
    )
    .join('\n\n');
}
