import { namesItsDocument, type RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import { keepingOtherFigures } from './keeping-other-figures.js';
import type { PassageStep } from './passage-step.js';

/**
 * "What does the Skarnland assessment say about…" asks what that document says: when a document the
 * question names (by its kind too) answers, the answer comes from the named documents only, per
 * Member State ("across Freedonia's and Ruritania's needs lists" keeps each State's list).
 */
export const narrowToNamedDocumentsStep: PassageStep = {
  name: 'narrow-to-named-documents',
  run: (selection) => {
    const kinds = selection.question?.kinds ?? [];
    const askedAbout = (chunk: RetrievedChunk) => namesItsDocument(chunk) && kinds.includes(chunk.kind);
    const statesAsked = new Set(selection.anchors.filter(askedAbout).map((chunk) => chunk.memberStateName));
    if (statesAsked.size === 0) return selection;
    // A kind named whose State holds several documents of it ("the follow-up assessment" when there are
    // two assessments) names them all: which one is meant is for the question's other words to say.
    const kept = keepingOtherFigures(
      selection,
      (chunk) =>
        askedAbout(chunk) || kinds.includes(chunk.kind) || (chunk.memberStateName !== null && !statesAsked.has(chunk.memberStateName)),
    );
    return { ...selection, chunks: selection.chunks.filter(kept), anchors: selection.anchors.filter(kept) };
  },
};
