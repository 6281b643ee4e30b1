import type { AnswerSource } from '../core/answering/extractive-answer.js';
import { message } from '../core/messages/index.js';
import { LANGUAGES } from '../core/retrieval/retrieved-chunk.js';
import { renderAnswer, type RenderedAnswer } from './render-answer.js';

/**
 * What was answered or drafted earlier, posted again where others read it (Post to channel, an
 * approved summary), carrying what a fresh answer carries: the AI label, the citations, the
 * sensitivity label and the feedback switch. The entity is built by render-answer.ts, the one
 * place for it.
 */

/** The body of a stored answer: its text without the plain sources list (Teams shows the sources as citations). */
export function bodyOfStoredAnswer(answerText: string): string {
  let body = answerText;
  for (const language of LANGUAGES) {
    const at = body.lastIndexOf(`\n\n${message('answer.sources', language)}:\n`);
    if (at > 0) body = body.slice(0, at);
  }
  return body;
}

/** A stored answer, shared to a channel: its audited text with its cited documents as citations. */
export function renderSharedAnswer(
  stored: { text: string; sources: readonly AnswerSource[]; extractive: boolean },
  language: string,
): RenderedAnswer {
  return renderAnswer({ body: bodyOfStoredAnswer(stored.text), sources: stored.sources, language }, { extractive: stored.extractive });
}

/** An approved consultation summary: its text keeps its own sources list, the citations point at it. */
export function renderApprovedSummary(draft: { text: string; language: string }, sources: readonly AnswerSource[]): RenderedAnswer {
  return renderAnswer({ body: draft.text, sources, language: draft.language }, { extractive: false });
}
