import type { PassageStep } from './passage-step.js';

/** When passages hold an item code the question names, the others are about other items (another State's needs list). */
export const keepPassagesNamingItemCodesStep: PassageStep = {
  name: 'keep-passages-naming-item-codes',
  run: (selection) => {
    const codes = selection.question?.itemCodes ?? [];
    const naming = selection.chunks.filter((chunk) => codes.some((code) => chunk.text.toLowerCase().includes(code)));
    return naming.length > 0 ? { ...selection, chunks: naming } : selection;
  },
};
