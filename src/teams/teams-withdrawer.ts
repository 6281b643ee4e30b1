import { ActivityTypes, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { message } from '../core/messages/index.js';
import type { TeamsReferenceStore } from './teams-reference-store.js';
import type { MessageWithdrawer } from '../scheduler/withdrawal-dispatcher.js';
import { describeError, statusOf } from './teams-errors.js';

/**
 * Revocation reaching Teams: replaces a posted answer or summary that cited a withdrawn source with
 * the "source withdrawn" line (updateActivity through the stored conversation reference). Errors
 * inside the proactive turn are caught here and rethrown so the dispatcher retries; a 403 marks the
 * reference stale.
 */
export function createTeamsWithdrawer(options: {
  references: TeamsReferenceStore;
  adapter: CloudAdapter;
  appId: string;
}): MessageWithdrawer {
  return async (posted: Parameters<MessageWithdrawer>[0]) => {
    // A channel post is recorded under its channel and thread: the thread's own reference reaches it.
    const inThread = posted.threadId ? await options.references.find(`${posted.conversationId};messageid=${posted.threadId}`) : undefined;
    const stored = inThread ?? (await options.references.find(posted.conversationId));
    if (!stored) throw new Error(`teams: no conversation reference stored for ${posted.conversationId}`);
    if (stored.staleAt) throw new Error(`teams: the conversation ${posted.conversationId} no longer accepts the bot`);
    let failure: unknown;
    await options.adapter.continueConversationAsync(options.appId, stored.reference as Partial<ConversationReference>, async (context) => {
      try {
        await context.updateActivity({
          type: ActivityTypes.Message,
          id: posted.messageId,
          text: message('chat.source_withdrawn', posted.language),
          entities: [],
          attachments: [],
        });
      } catch (error) {
        failure = error;
      }
    });
    if (failure) {
      const status = statusOf(failure);
      if (status === 403) await options.references.markStale(posted.conversationId, 'Forbidden');
      // A plain error: the connector's carries the request body, which the dispatcher would log.
      const detail = describeError(failure);
      throw new Error(`teams: ${status ? `HTTP ${status} ` : ''}${String(detail.connectorCode ?? detail.message)}`);
    }
  };
}
