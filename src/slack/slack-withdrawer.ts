import type { WebClient } from '@slack/web-api';
import type { MessageWithdrawer } from '../scheduler/withdrawal-dispatcher.js';
import { renderWithdrawn } from './render-answer.js';

/**
 * Revocation reaching Slack: the posted answer or summary is edited in place (chat.update) to say a
 * source was withdrawn by its owner (or, when someone joined who may not see it, is not shared with
 * everyone there); none of its quoted text, sources or buttons remain. A failure
 * throws, and the dispatcher retries the row later.
 */
export function createSlackWithdrawer(client: WebClient): MessageWithdrawer {
  return async (posted) => {
    await client.chat.update({
      channel: posted.conversationId,
      ts: posted.messageId,
      ...renderWithdrawn(posted.language, posted.withdrawReason),
    });
  };
}
