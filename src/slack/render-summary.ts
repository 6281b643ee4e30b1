import type { KnownBlock } from '@slack/types';
import type { SummaryCitation } from '../core/summaries/request-summary.js';
import { message } from '../core/messages/index.js';
import { CONTEXT_ELEMENT_LIMIT, escapeMrkdwn, fitBlocks, sectionBlocks } from './render-blocks.js';

export const SUMMARY_APPROVE_ACTION = 'compact_summary_approve';
export const SUMMARY_REGENERATE_ACTION = 'compact_summary_regenerate';
export const SUMMARY_DISCARD_ACTION = 'compact_summary_discard';
export const SUMMARY_GROUP_ACTION = 'compact_summary_group';

function citationBlocks(citations: SummaryCitation[]): KnownBlock[] {
  const lines = citations.map((c) => `*[${c.n}]* ${escapeMrkdwn(c.title)}`);
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < lines.length; i += CONTEXT_ELEMENT_LIMIT) {
    blocks.push({ type: 'context', elements: lines.slice(i, i + CONTEXT_ELEMENT_LIMIT).map((text) => ({ type: 'mrkdwn', text })) });
  }
  return blocks;
}

/** The private draft with Approve / Regenerate / Discard (the core's token for the draft rides on each button). */
export function renderDraft(
  draft: { draftId: string; text: string; citations: SummaryCitation[] },
  names: { state: string; group: string },
  language: string,
  token: string,
): { text: string; blocks: KnownBlock[] } {
  const heading = message('slack.draft_heading', language, names);
  const button = (action_id: string, key: 'chat.approve' | 'chat.regenerate' | 'chat.discard', style?: 'primary' | 'danger') => ({
    type: 'button' as const,
    action_id,
    text: { type: 'plain_text' as const, text: message(key, language) },
    value: token,
    ...(style ? { style } : {}),
  });
  const trailing: KnownBlock[] = [
    ...citationBlocks(draft.citations),
    {
      type: 'actions',
      elements: [
        button(SUMMARY_APPROVE_ACTION, 'chat.approve', 'primary'),
        button(SUMMARY_REGENERATE_ACTION, 'chat.regenerate'),
        button(SUMMARY_DISCARD_ACTION, 'chat.discard', 'danger'),
      ],
    },
  ];
  return {
    text: heading,
    blocks: fitBlocks([{ type: 'context', elements: [{ type: 'mrkdwn', text: `_${heading}_` }] }, ...sectionBlocks(draft.text)], trailing),
  };
}

/** The approved summary as the working group's channel sees it. */
export function renderPostedSummary(draft: { text: string; citations: SummaryCitation[] }): { text: string; blocks: KnownBlock[] } {
  return { text: escapeMrkdwn(draft.text).slice(0, 3_000), blocks: fitBlocks(sectionBlocks(draft.text), citationBlocks(draft.citations)) };
}

/** A select menu of the chair's groups, when a DM request could mean several. */
export function renderGroupChoice(
  groups: { id: string; name: string; token: string }[],
  language: string,
): { text: string; blocks: KnownBlock[] } {
  const prompt = message('slack.choose_group', language);
  return {
    text: prompt,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: prompt },
        accessory: {
          type: 'static_select',
          action_id: SUMMARY_GROUP_ACTION,
          options: groups.slice(0, 100).map((group) => ({
            text: { type: 'plain_text', text: group.name.slice(0, 75) },
            value: group.token,
          })),
        },
      },
    ],
  };
}
