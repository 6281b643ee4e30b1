import type { StateNamedRecord } from '../../retrieval/member-state-names.js';
import { memberStatesNamed, nameStems } from '../../retrieval/member-state-names.js';
import type { RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import type { PassageStep } from './passage-step.js';

/**
 * When the question names one or more Member States, passages about another Member State do not
 * answer it; a general document (no Member State) may, where the passage names one of them.
 */
export function onlyNamedMemberStates(
  question: string,
  chunks: RetrievedChunk[],
  directoryStates: readonly StateNamedRecord[] = [],
): RetrievedChunk[] {
  const named = memberStatesNamed(question, [...chunks, ...directoryStates]);
  if (named.size === 0) return chunks;
  const stems = [...named].flatMap(nameStems);
  return chunks.filter((chunk) =>
    chunk.memberStateName === null ? stems.some((stem) => chunk.text.toLowerCase().includes(stem)) : named.has(chunk.memberStateName),
  );
}

export const keepNamedMemberStatesStep: PassageStep = {
  name: 'keep-named-member-states',
  run: (selection) =>
    selection.question
      ? { ...selection, chunks: onlyNamedMemberStates(selection.question.text, selection.chunks, selection.question.directoryStates) }
      : selection,
};
