import { memberStatesNamed } from './member-state-names.js';
import type { RetrievedChunk } from './retrieved-chunk.js';
import { askedPart } from './search-terms.js';

/**
 * The document kinds of the catalog schema and how each is named in the six UN languages. The kinds
 * are a closed vocabulary of the schema, so this is a structured filter, not a list grown from
 * questions.
 */
const KIND_NAMES: Record<string, RegExp> = {
  assessment_report: /\bassessments?\b|\bévaluations?\b|\bevaluaci[oó]n(?:es)?\b|оценк|تقييم|评估/iu,
  // The asker's own need ("I need the dates", "we need to know") or a verb before "to" names no needs list.
  ta_needs:
    /(?<!\b(?:i|we|you) )\bneeds?(?: lists?)?\b(?! to\b)|technical[- ]assistance|\bbesoins\b|\bnecesidades\b|потребност|احتياجات|需求/iu,
  recommendations: /\brecommendations?\b|\brecommandations?\b|\brecomendaciones?\b|рекомендац|توصيات|建议/iu,
  roadmap: /\broad ?maps?\b|feuilles? de route|hojas? de ruta|дорожн\S* карт|خارطة الطريق|路线图/iu,
  consultation_notes: /\bconsultations?\b|\bconsultas?\b|консультац|مشاورات|磋商/iu,
  meeting_minutes: /\bminutes\b|comptes? rendus?|\bactas?\b|протокол|محضر|纪要/iu,
  programme_brief: /\bbriefs?\b|notes? d'information|notas? informativas?|справк|موجز|简介/iu,
  terms_of_reference: /terms of reference|\bmandat\b|términos de referencia|круг ведения|اختصاصات|职权范围/iu,
};

/**
 * The document kinds a question names ("the Koravia assessment", "Valdoria's needs list"), in the
 * question itself: a request after it names none ("…? Need it for a briefing note.").
 */
export function kindsNamed(question: string): string[] {
  const asked = askedPart(question);
  return Object.keys(KIND_NAMES).filter((kind) => namesKind(asked, kind));
}

/** Whether a text names a document of the kind ("a list of technical-assistance needs" for ta_needs). */
export function namesKind(text: string, kind: string): boolean {
  return KIND_NAMES[kind]?.test(text) ?? false;
}

/**
 * Marks the passages of a document the question names by its Member State and kind ("which Lombeza
 * needs are rated high priority?") when exactly one retrieved document has that State and kind: a
 * member says "the Lombeza needs list", not its title. Kinds are the schema's closed vocabulary.
 */
export function markNamedDocuments(question: string, chunks: RetrievedChunk[]): RetrievedChunk[] {
  const kinds = kindsNamed(question);
  if (kinds.length === 0) return chunks;
  const states = memberStatesNamed(question, chunks);
  const documents = new Map<string, string>();
  for (const chunk of chunks)
    if (chunk.memberStateName !== null && states.has(chunk.memberStateName) && kinds.includes(chunk.kind))
      documents.set(chunk.documentId, `${chunk.memberStateName}\u0000${chunk.kind}`);
  const perPair = new Map<string, number>();
  for (const pair of documents.values()) perPair.set(pair, (perPair.get(pair) ?? 0) + 1);
  return chunks.map((chunk) => {
    const pair = documents.get(chunk.documentId);
    return pair !== undefined && perPair.get(pair) === 1 ? { ...chunk, namedByStateAndKind: true } : chunk;
  });
}

/**
 * The question's terms that name a document kind it asks about ("lists" in "which needs lists call
 * for…", "assessment" in "the Belmora assessment"), each with the kinds it names: the words of the
 * question inside a match of a kind's name.
 */
export function kindTermsOf(question: string, terms: readonly string[]): Map<string, string[]> {
  const lowered = askedPart(question).normalize('NFKC').toLowerCase();
  const found = new Map<string, string[]>();
  for (const [kind, pattern] of Object.entries(KIND_NAMES)) {
    const spans = [...lowered.matchAll(new RegExp(pattern.source, 'giu'))].map((match) => match[0]);
    if (spans.length === 0) continue;
    for (const term of terms)
      if (term.split(' or ').some((part) => spans.some((span) => span.includes(part)))) found.set(term, [...(found.get(term) ?? []), kind]);
  }
  return found;
}
