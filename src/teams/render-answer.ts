import type { AnswerSource } from '../core/answering/extractive-answer.js';
import { sensitivityLabel } from '../core/answering/sensitivity-label.js';
import { message } from '../core/messages/index.js';

/**
 * An answer as Teams renders it natively: the body with `[n]` markers, and ONE root
 * `https://schema.org/Message` entity carrying the AI label, the citations (Teams shows pills only
 * for citations whose `[n]` the text uses; a second root entity gets HTTP 400) and sensitivity
 * labels: each citation's `appearance.usageInfo` from its document's classification, so Teams shows
 * which claim rests on what, and the root's `usageInfo` when a cited source is restricted (the
 * message's own label). Feedback buttons are switched on in channelData. Channel posts build their
 * entity here too: one module decides what Teams is told about a cited document.
 */

export const MAX_CITATIONS = 20;
const NAME_MAX = 80;
const ABSTRACT_MAX = 160;

export interface UsageInfo {
  '@type': 'CreativeWork';
  name: string;
  description: string;
}

export interface TeamsCitation {
  '@type': 'Claim';
  position: number;
  appearance: { '@type': 'DigitalDocument'; name: string; abstract: string; keywords: string[]; usageInfo: UsageInfo };
}

export interface MessageEntity {
  type: 'https://schema.org/Message';
  '@type': 'Message';
  '@context': 'https://schema.org';
  '@id': '';
  additionalType: ['AIGeneratedContent'];
  citation: TeamsCitation[];
  usageInfo?: UsageInfo;
}

export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/** The `[n]` numbers the text uses. */
export function markersIn(text: string): Set<number> {
  return new Set([...text.matchAll(/\[(\d{1,3})\]/g)].map((m) => Number(m[1])));
}

function usageInfoOf(source: AnswerSource, language: string): UsageInfo {
  const label = sensitivityLabel(source.classification, language, source.memberStateName);
  return { '@type': 'CreativeWork', name: label.name, description: label.description };
}

export function citationsFor(text: string, sources: readonly AnswerSource[], language = 'en'): TeamsCitation[] {
  const used = markersIn(text);
  return sources
    .filter((source) => used.has(source.n))
    .slice(0, MAX_CITATIONS)
    .map((source) => ({
      '@type': 'Claim' as const,
      position: source.n,
      appearance: {
        '@type': 'DigitalDocument' as const,
        name: truncate(source.title, NAME_MAX),
        abstract: truncate(
          [source.heading, source.memberStateName, source.kindLabel, source.documentDate].filter(Boolean).join(' · ') || source.title,
          ABSTRACT_MAX,
        ),
        keywords: [source.memberStateName, source.kindLabel, source.documentDate]
          .filter((k): k is string => Boolean(k))
          .map((k) => truncate(k, 40))
          .slice(0, 3),
        usageInfo: usageInfoOf(source, language),
      },
    }));
}

/** The one root entity for an answer's text. */
export function messageEntity(text: string, sources: readonly AnswerSource[], language = 'en'): MessageEntity {
  const cited = markersIn(text);
  const restricted = sources.find((s) => cited.has(s.n) && s.classification === 'restricted');
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    additionalType: ['AIGeneratedContent'],
    citation: citationsFor(text, sources, language),
    ...(restricted ? { usageInfo: usageInfoOf(restricted, language) } : {}),
  };
}

export interface RenderedAnswer {
  text: string;
  entity: MessageEntity;
  /** What turns the feedback buttons on (current clients read feedbackLoop, older ones feedbackLoopEnabled). */
  channelData: { feedbackLoop: { type: 'default' }; feedbackLoopEnabled: true };
}

/** Text, entity and feedback switch of an answer; `extractive` adds the notice line. */
export function renderAnswer(
  answer: { body: string; sources: readonly AnswerSource[]; language: string },
  options: { extractive: boolean; prefix?: string },
): RenderedAnswer {
  const lines = [
    options.prefix,
    answer.body.trim(),
    options.extractive ? `_${message('answer.extractive_notice', answer.language)}_` : undefined,
  ];
  const text = lines.filter((line): line is string => Boolean(line)).join('\n\n');
  return {
    text,
    entity: messageEntity(text, answer.sources, answer.language),
    channelData: { feedbackLoop: { type: 'default' }, feedbackLoopEnabled: true },
  };
}
