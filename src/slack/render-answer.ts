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

/** 👍/👎 whose values carry the core's opaque token (never the answer's sequential id). */
export function feedbackBlock(token: string, language: string): ContextActionsBlock {
  return {
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: FEEDBACK_ACTION,
        positive_button: { text: { type: 'plain_text', text: message('slack.feedback_good', language) }, value: `up:${token}` },
        negative_button: { text: { type: 'plain_text', text: message('slack.feedback_bad', language) }, value: `down:${token}` },
      },
    ],
  };
}

/** Post to channel: the value is the core's token; the target is wherever the click comes from, checked there. */
function postToChannelBlock(token: string, language: string): ActionsBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: POST_TO_CHANNEL_ACTION,
        text: { type: 'plain_text', text: message('chat.post_to_channel', language) },
        value: token,
      },
    ],
  };
}

/** The buttons and note the conversation core puts on an answer. */
export interface AnswerExtras {
  feedbackToken?: string;
  shareToken?: string;
  /** A line shown above the answer (why it is private, that it says more than the channel's answer). */
  note?: string;
}

/** Everything after the body: sources, the extractive notice, feedback, Post to channel. */
export function answerTrailerBlocks(answer: RenderableAnswer, options: AnswerExtras = {}): KnownBlock[] {
  const trailing: KnownBlock[] = [...sourceBlocks(answer.sources, answer.language)];
  if (answer.answerable && answer.model === 'extractive') {
    trailing.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `_${message('answer.extractive_notice', answer.language)}_` }] });
  }
  // A stopped answer asks for no feedback.
  if (answer.answerable && !answer.stopped) {
    if (options.feedbackToken) trailing.push(feedbackBlock(options.feedbackToken, answer.language));
    if (options.shareToken) trailing.push(postToChannelBlock(options.shareToken, answer.language));
  }
  return trailing;
}

/** The Block Kit message of an answer: body with [n] markers in ≤3,000-character sections, then the trailer. */
export function renderAnswer(answer: RenderableAnswer, options: AnswerExtras = {}): { text: string; blocks: KnownBlock[] } {
  const body = options.note ? `_${options.note}_\n\n${answer.body}` : answer.body;
  return {
    text: escapeMrkdwn(options.note ? `${options.note}\n\n${answer.body}` : answer.body).slice(0, 3_000),
    blocks: fitBlocks(sectionBlocks(body), answerTrailerBlocks(answer, options)),
  };
}

/**
 * A message with no quoted text left: what a withdrawn answer or summary becomes. `reason`
 * 'room_audience': someone joined who may not see a source; otherwise the owner withdrew one.
 */
export function renderWithdrawn(language: string, reason?: string | null): { text: string; blocks: KnownBlock[] } {
  const text = message(reason === 'room_audience' ? 'room.source_not_for_room' : 'chat.source_withdrawn', language);
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `_${text}_` } }] };
}

/** One line of plain text as a message (errors, notes, refusals). */
export function renderLine(text: string): { text: string; blocks: KnownBlock[] } {
  return { text, blocks: sectionBlocks(text) };
}
