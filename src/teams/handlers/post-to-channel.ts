import { type ConversationReference, type ResourceResponse } from 'botbuilder';
import { message } from '../../core/messages/index.js';
import { findAuditEntry } from '../../db/queries/audit-trail.js';
import { recordPostedMessage } from '../../db/queries/posted-messages.js';
import { findTeamsChannel } from '../../db/queries/teams-channels.js';
import { listScopedCatalog } from '../../db/queries/scoped-catalog.js';
import { noticeCard } from '../render-cards.js';
import { renderSharedAnswer } from '../render-stored.js';
import type { Asker, TeamsBotDeps } from '../teams-bot-deps.js';
import { noteFailure } from '../teams-conversations.js';
import { answerActivity } from '../teams-replies.js';

/**
 * "Post to channel" under a private answer: only the asker's own answer, only to a working group's
 * channel, and only if every cited document is in that channel's scope now (checked at click time).
 * Returns the card that replaces the clicked one.
 */
export async function postToChannel(
  deps: TeamsBotDeps,
  asker: Asker & { memberId: string },
  data: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const auditId = Number(data.auditId);
  const entry = Number.isFinite(auditId) ? await findAuditEntry(deps.db, auditId) : undefined;
  const origin = typeof data.conversationId === 'string' ? data.conversationId : '';
  const originRef = origin ? await deps.references.find(origin) : undefined;
  const channelId = (originRef?.channelId ?? origin.split(';')[0]) || '';
  const registered = channelId ? await findTeamsChannel(deps.db, channelId) : undefined;
  if (!entry || entry.memberId !== asker.memberId || !registered?.workingGroupId || !originRef)
    return noticeCard(message('chat.post_no_channel', asker.language));
  // The room is read again now: the clicker must be one of its readers, and every reader must map.
  const room = { platform: 'teams' as const, workspace: originRef.tenantId, conversationId: channelId };
  await deps.rooms.drop(room);
  const audience = await deps.rooms.read(room);
  if (audience.kind === 'private')
    return noticeCard(message(audience.reason === 'outsiders' ? 'room.share_outsiders' : 'room.share_unreadable', asker.language));
  if (!audience.readerIds.includes(asker.memberId)) return noticeCard(message('room.share_not_yours', asker.language));
  const catalog = await listScopedCatalog(deps.db, {
    memberId: asker.memberId,
    context: { kind: 'channel', workingGroupId: registered.workingGroupId, readerIds: audience.readerIds },
  });
  const scope = new Set(catalog.map((document) => document.documentId));
  if (entry.citedDocumentIds.some((id) => !scope.has(id))) return noticeCard(message('chat.post_refused', asker.language));
  // The same AI label, citations, sensitivity label and feedback switch as the private answer.
  const rendered = renderSharedAnswer({ ...entry, answerText: entry.answerText ?? '' }, catalog, asker.language);
  if (!(await deps.rooms.claimShare(entry.id, room))) return noticeCard(message('room.share_already', asker.language));
  let posted: ResourceResponse | undefined;
  let failure: unknown;
  await deps.adapter.continueConversationAsync(deps.appId, originRef.reference as Partial<ConversationReference>, async (channel) => {
    try {
      posted = await channel.sendActivity(answerActivity(rendered));
    } catch (error) {
      failure = error;
    }
  });
  if (failure || !posted?.id) {
    await deps.rooms.releaseShare(entry.id, room);
    await noteFailure(deps, originRef.conversationId, failure);
    throw failure ?? new Error('teams: posting to the channel returned no id');
  }
  await recordPostedMessage(deps.db, {
    platform: 'teams',
    conversationId: originRef.conversationId,
    messageId: posted.id,
    auditId: entry.id,
    documentIds: entry.citedDocumentIds,
    language: asker.language,
  });
  return noticeCard(message('chat.posted', asker.language));
}
