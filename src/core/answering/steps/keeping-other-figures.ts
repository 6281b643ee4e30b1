import type { RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import type { Selection } from './passage-step.js';

/**
 * Narrowing to what the question names keeps, besides, the passages holding a figure of the question
 * that none of the named ones holds: "the 2022 assessment and the 2026 follow-up" asks of 2026 too,
 * which the 2022 report cannot say. A figure is an exact reference, unlike a shared word.
 */
export function keepingOtherFigures(selection: Selection, named: (chunk: RetrievedChunk) => boolean): (chunk: RetrievedChunk) => boolean {
  const figures = selection.question?.numbers ?? [];
  const inNamed = (figure: string) => selection.chunks.some((chunk) => named(chunk) && chunk.text.includes(figure));
  const missing = figures.filter((figure) => !inNamed(figure));
  // The figure refers to a document (its header dates it "2026"), so that document's other passages
  // stay too: the one saying what the 2026 list asks for need not repeat the year.
  const documents = new Set(
    selection.chunks.filter((chunk) => missing.some((figure) => chunk.text.includes(figure))).map((chunk) => chunk.documentId),
  );
  return (chunk) => named(chunk) || documents.has(chunk.documentId);
}
