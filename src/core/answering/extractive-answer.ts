import { withoutPlantedText } from '../retrieval/planted-text.js';
import type { RetrievedChunk } from '../retrieval/retrieved-chunk.js';

export interface Citation {
  /** The marker used in the answer text: `[n]`. One number per document, in order of first use. */
  n: number;
  documentId: string;
  title: string;
}

export interface ComposedAnswer {
  answer: string;
  citations: Citation[];
}

const KIND_LABELS: Record<string, string> = {
  assessment_report: 'assessment report',
  ta_needs: 'technical-assistance needs',
  recommendations: 'recommendations',
  consultation_notes: 'consultation notes',
  roadmap: 'roadmap',
  meeting_minutes: 'meeting minutes',
  programme_brief: 'programme brief',
  terms_of_reference: 'terms of reference',
};

/** Numbers documents in the order passages use them. */
export function numberCitations(passages: RetrievedChunk[]): Citation[] {
  const citations: Citation[] = [];
  for (const passage of passages) {
    if (!citations.some((citation) => citation.documentId === passage.documentId)) {
      citations.push({ n: citations.length + 1, documentId: passage.documentId, title: passage.title });
    }
  }
  return citations;
}

/** "[1] Title — Valdoria · assessment report · 2026-05-19" */
export function formatSource(citation: Citation, passage: RetrievedChunk): string {
  const details = [
    passage.memberStateName ?? passage.memberStateId,
    KIND_LABELS[passage.kind] ?? passage.kind.replace(/_/g, ' '),
    passage.documentDate,
  ].filter((part): part is string => Boolean(part));
  return `[${citation.n}] ${citation.title}${details.length > 0 ? ` — ${details.join(' · ')}` : ''}`;
}

/**
 * The answer with no language model: the most relevant passages, quoted (document text is data: it
 * is shown, never interpreted; planted instructions and spam are left out), each marked with its
 * source number, then the sources.
 */
export function composeExtractiveAnswer(passages: RetrievedChunk[]): ComposedAnswer {
  const citations = numberCitations(passages);
  const numberOf = (documentId: string) => citations.find((citation) => citation.documentId === documentId)?.n ?? 0;
  const quoted = passages.map((passage) => {
    const text = withoutPlantedText(passage.text)
      .replace(/\s*\n\s*/g, ' ')
      .trim();
    const heading = passage.heading ? `${passage.heading}: ` : '';
    return `${heading}${text} [${numberOf(passage.documentId)}]`;
  });
  const sources = citations.map((citation) =>
    formatSource(citation, passages.find((passage) => passage.documentId === citation.documentId) as RetrievedChunk),
  );
  return {
    answer: `From the documents available to you:\n\n${quoted.join('\n\n')}\n\nSources:\n${sources.join('\n')}`,
    citations,
  };
}
