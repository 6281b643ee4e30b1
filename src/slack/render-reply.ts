import type { KnownBlock } from '@slack/types';
import type { ReplyBody } from '../core/conversation/turn.js';
import { message } from '../core/messages/index.js';
import { escapeMrkdwn, fitBlocks, sectionBlocks } from './render-blocks.js';
import { feedbackBlock, renderAnswer, renderLine } from './render-answer.js';
import { renderDraft, renderGroupChoice, renderPostedSummary } from './render-summary.js';

/** One reply of the conversation core as a Slack message (Block Kit and its fallback text). */
export function renderReply(body: ReplyBody): { text: string; blocks: KnownBlock[] } {
  switch (body.kind) {
    case 'line':
      return renderLine(body.text);
    case 'answer':
      return renderAnswer(body.answer, {
        ...(body.feedbackToken ? { feedbackToken: body.feedbackToken } : {}),
        ...(body.shareToken ? { shareToken: body.shareToken } : {}),
        ...(body.note ? { note: body.note } : {}),
      });
    case 'shared-answer':
      return {
        text: escapeMrkdwn(body.text).slice(0, 3_000),
        blocks: fitBlocks(sectionBlocks(body.text), [feedbackBlock(body.feedbackToken, body.language)]),
      };
    case 'draft':
      return renderDraft(body.draft, body.names, body.language, body.token);
    case 'group-choice':
      return renderGroupChoice(body.groups, body.language);
    case 'summary':
      return renderPostedSummary(body.draft);
    case 'reminders':
      return renderLine(
        body.items.length
          ? body.items.map((r) => `• *${escapeMrkdwn(r.title)}*: ${r.sendAt} (${r.eventAt})`).join('\n')
          : message('chat.no_reminders', body.language),
      );
    case 'scope':
      return renderLine(
        body.documents.length
          ? [
              message('room.scope_intro', body.language, { count: body.documents.length }),
              ...body.documents.map(
                (d) => `• ${escapeMrkdwn(d.title)} (${escapeMrkdwn([d.memberStateName, d.kind].filter(Boolean).join(' · '))})`,
              ),
            ].join('\n')
          : message('room.scope_none', body.language),
      );
  }
}
