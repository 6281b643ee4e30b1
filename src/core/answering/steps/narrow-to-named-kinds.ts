import { keepingOtherFigures } from './keeping-other-figures.js';
import type { PassageStep } from './passage-step.js';

/**
 * The kinds a question names are a filter once a document of such a kind answers: "which needs
 * lists call for a cyber response team?" asks of needs lists, not of the assessment that repeats it.
 */
export const narrowToNamedKindsStep: PassageStep = {
  name: 'narrow-to-named-kinds',
  run: (selection) => {
    const kinds = selection.question?.kinds ?? [];
    if (kinds.length === 0 || !selection.anchors.some((chunk) => kinds.includes(chunk.kind))) return selection;
    const kept = keepingOtherFigures(selection, (chunk) => kinds.includes(chunk.kind));
    return { ...selection, chunks: selection.chunks.filter(kept), anchors: selection.anchors.filter(kept) };
  },
};
