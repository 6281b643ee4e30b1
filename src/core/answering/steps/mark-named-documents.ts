import { markNamedDocuments } from '../../retrieval/document-kinds.js';
import type { PassageStep } from './passage-step.js';

/** Marks the passages of a document the question names by Member State and kind ("the Lombeza needs list"). */
export const markNamedDocumentsStep: PassageStep = {
  name: 'mark-named-documents',
  run: (selection) =>
    selection.question ? { ...selection, chunks: markNamedDocuments(selection.question.text, selection.chunks) } : selection,
};
