import { withoutPlantedText } from '../retrieval/planted-text.js';
import type { RetrievedChunk } from '../retrieval/retrieved-chunk.js';

export interface Citation {
  /** The marker used in the answer text: `[n]`. One number per document, in order of first use. */
  n: number;
  documentId: string;
  title: string;
}

/** A cited document as chat adapters render it (Slack context block, Teams citation, playground list). */
export interface AnswerSource extends Citation {
  memberStateName: string | null;
  kind: string;
  kindLabel: string;
  documentDate: string | null;
  classification: RetrievedChunk['classification'];
  language: RetrievedChunk['language'];
  /** The quoted passage's heading, for a citation's abstract. */
  heading: string | null;
}

export interface ComposedAnswer {
  /** The answer without its sources list (what chat adapters put in the message body). */
  body: string;
  /** body plus the sources list, as plain text (CLI, audit). */
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

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
}

/** Each citation with the metadata of the passage it cites (the first passage of its document). */
export function describeSources(citations: Citation[], passages: RetrievedChunk[]): AnswerSource[] {
  return citations.flatMap((citation) => {
    const passage = passages.find((candidate) => candidate.documentId === citation.documentId);
    if (!passage) return [];
    return [
      {
        ...citation,
        memberStateName: passage.memberStateName ?? passage.memberStateId,
        kind: passage.kind,
        kindLabel: kindLabel(passage.kind),
        documentDate: passage.documentDate,
        classification: passage.classification,
        language: passage.language,
        heading: passage.heading,
      },
    ];
  });
}

/** "[1] Title — Valdoria · assessment report · 2026-05-19" */
export function formatSource(source: AnswerSource): string {
  const details = [source.memberStateName, source.kindLabel, source.documentDate].filter((part): part is string => Boolean(part));
  return `[${source.n}] ${source.title}${details.length > 0 ? ` — ${details.join(' · ')}` : ''}`;
}

/** The plain-text answer: body, then the sources list. */
export function withSourcesList(body: string, sources: AnswerSource[]): string {
  return sources.length > 0 ? `${body}\n\nSources:\n${sources.map(formatSource).join('\n')}` : body;
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
  const body = `From the documents available to you:\n\n${quoted.join('\n\n')}`;
  return { body, answer: withSourcesList(body, describeSources(citations, passages)), citations };
}
