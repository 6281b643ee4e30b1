import { fold, memberStateMentionWords, memberStatesNamed, nameStems, type StateNamedRecord } from '../../retrieval/member-state-names.js';
import { absentTermsOf, type RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import { bareWord, isCapitalised } from '../question-analysis.js';
import { refused, type PassageStep } from './passage-step.js';

/**
 * Whether the question names something no document in the scope contains: a proper name (a word
 * capitalised inside the question, "the Bandoro camp") or a code with digits ("KAV-TA-09"). Then
 * no in-scope passage is about it, however many of the question's other words it shares.
 */
export function namesWhatScopeLacks(
  question: string,
  chunks: readonly Pick<RetrievedChunk, 'absentTerms' | 'memberStateName'>[],
  directoryStates: readonly StateNamedRecord[] = [],
): boolean {
  const absent = absentTermsOf(chunks);
  if (absent.size === 0) return false;
  // A Member State of a document in scope is known by the catalog, even when no text spells its name
  // so; and the words naming a State ("Ivory Coast") are its name, whichever form the texts use.
  const stems = [...memberStatesNamed(question, chunks)].flatMap(nameStems);
  const stateWords = memberStateMentionWords(question, [...chunks, ...directoryStates]);
  for (const term of absent) if (stems.some((stem) => term.startsWith(stem)) || stateWords.has(fold(term))) absent.delete(term);
  const words = question.normalize('NFKC').split(/[\s,;:!?¿¡()[\]{}"«»“”„]+/u);
  return words.some((raw, index) => {
    const word = bareWord(raw);
    if (!absent.has(word.toLowerCase())) return false;
    const code = /\p{L}/u.test(word) && /\d/.test(word) && word.includes('-');
    const name = index > 0 && isCapitalised(word);
    return code || name;
  });
}

export const refuseNamesScopeLacksStep: PassageStep = {
  name: 'refuse-names-scope-lacks',
  run: (selection) =>
    selection.question && namesWhatScopeLacks(selection.question.text, selection.chunks, selection.question.directoryStates)
      ? refused(selection, 'refuse-names-scope-lacks')
      : selection,
};
