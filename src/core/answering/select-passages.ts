import { memberStatesNamed, type StateNamedRecord } from '../retrieval/member-state-names.js';
import type { Language, RetrievedChunk } from '../retrieval/retrieved-chunk.js';
import { DEFAULT_POLICY, type AnswerPolicy } from './answer-policy.js';
import { termShares } from '../retrieval/term-shares.js';
import { analyseQuestion, scopeQuestion } from './question-analysis.js';
import { answerCautiouslyStep } from './steps/answer-cautiously.js';
import { answerFromNamedStateStep } from './steps/answer-from-named-state.js';
import { findAnchorsStep } from './steps/find-anchors.js';
import { joinPassagesStep } from './steps/join-passages.js';
import { keepNamedMemberStatesStep } from './steps/keep-named-member-states.js';
import { keepPassagesHoldingNamesStep } from './steps/keep-passages-holding-names.js';
import { keepPassagesNamingItemCodesStep } from './steps/keep-passages-naming-item-codes.js';
import { markNamedDocumentsStep } from './steps/mark-named-documents.js';
import { matchAcronymsStep } from './steps/match-acronyms.js';
import { narrowToNamedDocumentsStep } from './steps/narrow-to-named-documents.js';
import { narrowToNamedKindsStep } from './steps/narrow-to-named-kinds.js';
import type { PassageStep, Selection } from './steps/passage-step.js';
import { refuseAbsentDocumentStep } from './steps/refuse-absent-document.js';
import { refuseNamesScopeLacksStep } from './steps/refuse-names-scope-lacks.js';
import { refuseWithoutAnchorStep } from './steps/refuse-without-anchor.js';

export { codesIn, itemCodesIn } from './question-analysis.js';
export { onlyNamedMemberStates } from './steps/keep-named-member-states.js';
export { namesWhatScopeLacks } from './steps/refuse-names-scope-lacks.js';
export type { Selection } from './steps/passage-step.js';

/** @deprecated the thresholds are the answer policy's (answer-policy.ts). */
export type RelevancePolicy = AnswerPolicy;
export const DEFAULT_RELEVANCE = DEFAULT_POLICY;

/**
 * The steps that choose the passages an answer quotes, in order; each is one file under steps/ with
 * its own test. The plain path and the model path's extractive fallback both run exactly these.
 */
export const ANSWER_STEPS: readonly PassageStep[] = [
  matchAcronymsStep,
  markNamedDocumentsStep,
  keepNamedMemberStatesStep,
  refuseNamesScopeLacksStep,
  refuseAbsentDocumentStep,
  keepPassagesHoldingNamesStep,
  keepPassagesNamingItemCodesStep,
  findAnchorsStep,
  answerCautiouslyStep,
  answerFromNamedStateStep,
  refuseWithoutAnchorStep,
  narrowToNamedKindsStep,
  narrowToNamedDocumentsStep,
  joinPassagesStep,
];

/** Runs the answer steps over the retrieved passages; a refusal ends them. */
export function selectAnswer(
  chunks: RetrievedChunk[],
  policy: AnswerPolicy = DEFAULT_POLICY,
  question?: string,
  language?: Language,
  directoryStates: readonly StateNamedRecord[] = [],
): Selection {
  let selection: Selection = {
    question: question === undefined ? null : scopeQuestion(analyseQuestion(question, language), chunks, directoryStates),
    retrieved: chunks,
    chunks,
    anchors: [],
    decision: 'undecided',
    decidedBy: null,
  };
  for (const step of ANSWER_STEPS) {
    if (policy.disabledSteps.has(step.name)) continue;
    const before = selection.chunks;
    selection = step.run(selection, policy);
    // The Member States named are those among the passages still in question (the analysis follows the filters).
    if (selection.question && selection.chunks !== before && selection.decision !== 'refused')
      selection = { ...selection, question: scopeQuestion(selection.question, selection.chunks, selection.question.directoryStates) };
    if (selection.decision === 'refused') break;
  }
  return selection;
}

/** The passages an answer may use, best first; empty means "couldn't find". */
export function selectPassages(chunks: RetrievedChunk[], policy: AnswerPolicy = DEFAULT_POLICY, question?: string): RetrievedChunk[] {
  return selectAnswer(chunks, policy, question).chunks;
}

/** @deprecated policy.modelNoiseFloor */
export const MODEL_NOISE_FLOOR = DEFAULT_POLICY.modelNoiseFloor;

/**
 * The passages handed to the model, best first; the model's token budget cuts the tail. Far below
 * the extractive cut on purpose: the model reads and decides; the floor only keeps passages that
 * share nothing but phrasing from costing tokens. A question naming a Member State also has the
 * passages of that State's documents read, right after the selected ones, whatever words they
 * share: a statement answers in its own words, and the State is its catalog field.
 */
export function passagesForModel(
  chunks: RetrievedChunk[],
  policy: AnswerPolicy = DEFAULT_POLICY,
  asked?: { question: string; language?: Language; directoryStates?: readonly StateNamedRecord[] },
): RetrievedChunk[] {
  const above = (chunk: RetrievedChunk) =>
    (holdsAKnownSubjectWord(chunk) && chunk.coverage >= policy.modelNoiseFloor) ||
    (chunk.similarity !== null && chunk.similarity >= policy.minSimilarity);
  // The plain path's steps over the question (its acronyms, names, figures), where it is known.
  const selected = selectAnswer(chunks, policy, asked?.question, asked?.language, asked?.directoryStates).chunks;
  const states = asked ? memberStatesNamed(asked.question, [...chunks, ...(asked.directoryStates ?? [])]) : new Set<string>();
  const ofNamedState = chunks.filter((chunk) => chunk.memberStateName !== null && states.has(chunk.memberStateName));
  // A step may hand on a passage rescored (an acronym credited): one passage is sent once, as the steps left it.
  const first = [...selected, ...ofNamedState].filter((chunk, index, all) => all.findIndex((c) => c.chunkId === chunk.chunkId) === index);
  const sent = new Set(first.map((chunk) => chunk.chunkId));
  return [...first, ...chunks.filter((chunk) => !sent.has(chunk.chunkId) && above(chunk))];
}

/**
 * Whether a passage holds one of the question's subject words (its rarer half) among the words some
 * document holds: words no document holds are the rarest of all, yet say nothing of any passage (a
 * translated question's phrasing, "易受攻击目标" where the text says "脆弱目标").
 */
function holdsAKnownSubjectWord(chunk: RetrievedChunk): boolean {
  if (!chunk.termWeights) return (chunk.focusCoverage ?? chunk.coverage) > 0;
  const absent = new Set(chunk.absentTerms ?? []);
  const known = Object.entries(chunk.termWeights).filter(([term]) => !absent.has(term));
  return termShares(known).focusCoverage(new Set(chunk.matchedTerms ?? [])) > 0;
}
