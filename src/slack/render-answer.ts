import type { ActionsBlock, ContextActionsBlock, ContextBlock, KnownBlock } from '@slack/types';
import type { AnswerSource } from '../core/answering/extractive-answer.js';
import { sensitivityLabel } from '../core/answering/sensitivity-label.js';
import { message } from '../core/messages/index.js';
import { CONTEXT_ELEMENT_LIMIT, escapeMrkdwn, fitBlocks, sectionBlocks } from './render-blocks.js';

export const FEEDBACK_ACTION = 'compact_feedback';
export const POST_TO_CHANNEL_ACTION = 'compact_post_to_channel';

/** What a rendered answer needs from the answer service's result. */
export interface RenderableAnswer {
  answerable: boolean;
  body: string;
  sources: AnswerSource[];
  auditId: number | null;
  model: string | null;
  language: string;
  stopped?: boolean;
}

/**
 * "[1] Title — Member State · kind · date · Restricted", one context element per source, ten per block:
 * the sensitivity label in words is the one Teams shows on the same citation.
 */
export function sourceBlocks(sources: AnswerSource[], language: string): ContextBlock[] {
  if (sources.length === 0) return [];
  const lines = sources.map((source) => {
    const label = sensitivityLabel(source.classification, language, source.memberStateName).name;
    const facts = [source.memberStateName, source.kindLabel || source.kind, source.documentDate, label].filter(Boolean).join(' · ');
    return `*[${source.n}]* ${escapeMrkdwn(source.title)}${facts ? ` — ${escapeMrkdwn(facts)}` : ''}`;
  });
  const heading = `*${message('answer.sources', language)}*`;
  const blocks: ContextBlock[] = [];
  const elements = [heading, ...lines];
  for (let i = 0; i < elements.length; i += CONTEXT_ELEMENT_LIMIT) {
    blocks.push({ type: 'context', elements: elements.slice(i, i + CONTEXT_ELEMENT_LIMIT).map((text) => ({ type: 'mrkdwn', text })) });
  }
  return blocks;
}

export function feedbackBlock(auditId: number, language: string): ContextActionsBlock {
  return {
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: FEEDBACK_ACTION,
        positive_button: { text: { type: 'plain_text', text: message('slack.feedback_good', language) }, value: `up:${auditId}` },
        negative_button: { text: { type: 'plain_text', text: message('slack.feedback_bad', language) }, value: `down:${auditId}` },
      },
    ],
  };
}

function postToChannelBlock(auditId: number, channelId: string, language: string): ActionsBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: POST_TO_CHANNEL_ACTION,
        text: { type: 'plain_text', text: message('chat.post_to_channel', language) },
        value: JSON.stringify({ auditId, channelId }),
      },
    ],
  };
}

/** Everything after the body: sources, the extractive notice, feedback, Post to channel. */
export function answerTrailerBlocks(answer: RenderableAnswer, options: { postToChannel?: string } = {}): KnownBlock[] {
  const trailing: KnownBlock[] = [...sourceBlocks(answer.sources, answer.language)];
  if (answer.answerable && answer.model === 'extractive') {
    trailing.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `_${message('answer.extractive_notice', answer.language)}_` }] });
  }
  // A stopped answer asks for no feedback.
  if (answer.auditId !== null && answer.answerable && !answer.stopped) {
    trailing.push(feedbackBlock(answer.auditId, answer.language));
    if (options.postToChannel) trailing.push(postToChannelBlock(answer.auditId, options.postToChannel, answer.language));
  }
  return trailing;
}

/** The Block Kit message of an answer: body with [n] markers in ≤3,000-character sections, then the trailer. */
export function renderAnswer(answer: RenderableAnswer, options: { postToChannel?: string } = {}): { text: string; blocks: KnownBlock[] } {
  return {
    text: escapeMrkdwn(answer.body).slice(0, 3_000),
    blocks: fitBlocks(sectionBlocks(answer.body), answerTrailerBlocks(answer, options)),
  };
}

/** A message with no quoted text left: what a withdrawn answer or summary becomes. */
export function renderWithdrawn(language: string): { text: string; blocks: KnownBlock[] } {
  const text = message('chat.source_withdrawn', language);
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `_${text}_` } }] };
}

/** One line of plain text as a message (errors, notes, refusals). */
export function renderLine(text: string): { text: string; blocks: KnownBlock[] } {
  return { text, blocks: sectionBlocks(text) };
}
