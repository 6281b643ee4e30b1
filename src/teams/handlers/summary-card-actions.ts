import type { TurnContext } from 'botbuilder';
import { message } from '../../core/messages/index.js';
import { findSummaryAuditId } from '../../db/queries/audit-trail.js';
import { recordPostedMessage } from '../../db/queries/posted-messages.js';
import { listScopedCatalog } from '../../db/queries/scoped-catalog.js';
import { findTeamsChannelOfGroup } from '../../db/queries/teams-channels.js';
import { noticeCard, summaryDraftCard } from '../render-cards.js';
import { renderApprovedSummary } from '../render-stored.js';
import type { Asker, TeamsBotDeps } from '../teams-bot-deps.js';
import { startChannelThread } from '../teams-conversations.js';
import { answerActivity } from '../teams-replies.js';

/** Approve, Regenerate and Discard on a summary draft card; each returns the card that replaces it. */

type Reviewer = { kind: 'member'; memberId: string };
const reviewerOf = (asker: Asker & { memberId: string }): Reviewer => ({ kind: 'member', memberId: asker.memberId });

export async function approveSummary(
  deps: TeamsBotDeps,
  context: TurnContext,
  asker: Asker & { memberId: string },
  draftId: string,
): Promise<Record<string, unknown>> {
  const reviewer = reviewerOf(asker);
  const shown = await deps.summaries.show(draftId, reviewer);
  if (!shown.ok) return noticeCard(shown.message);
  const channel = await findTeamsChannelOfGroup(deps.db, shown.draft.workingGroupId);
  if (!channel) return summaryDraftCard(shown.draft, asker.language, message('teams.summary_no_channel', asker.language));
  // The group's channel is read now: every reader must map, and may see every document the draft cites.
  const room = { platform: 'teams' as const, workspace: asker.tenantId || null, conversationId: channel.channelId };
  await deps.rooms.drop(room);
  const audience = await deps.rooms.read(room);
  if (audience.kind === 'private')
    return noticeCard(message(audience.reason === 'outsiders' ? 'room.summary_outsiders' : 'room.summary_unreadable', asker.language));
  const catalog = await listScopedCatalog(deps.db, {
    memberId: asker.memberId,
    context: { kind: 'channel', workingGroupId: shown.draft.workingGroupId, readerIds: audience.readerIds },
  });
  const inScope = new Set(catalog.map((document) => document.documentId));
  if (!shown.draft.citedDocumentIds.every((id) => inScope.has(id))) return noticeCard(message('room.summary_refused', asker.language));
  const approved = await deps.summaries.approve(draftId, reviewer);
  if (!approved.ok) return noticeCard(approved.message);
  const draft = approved.draft;
  // Posted as answers are: AI label, citations, sensitivity label, feedback (stored against the draft's audit row).
  const thread = await startChannelThread(deps, context, channel, answerActivity(renderApprovedSummary(draft, catalog)));
  const auditId = await findSummaryAuditId(deps.db, draftId);
  const marked = await deps.summaries.markPosted(draftId, reviewer, thread.conversationId);
  await recordPostedMessage(deps.db, {
    platform: 'teams',
    conversationId: thread.conversationId,
    messageId: thread.activityId,
    draftId,
    ...(auditId !== undefined ? { auditId } : {}),
    documentIds: draft.citedDocumentIds,
    language: draft.language,
  });
  if (!marked.ok) return noticeCard(marked.message);
  return summaryDraftCard(marked.draft, asker.language, message('chat.posted', asker.language));
}

export async function regenerateSummary(
  deps: TeamsBotDeps,
  asker: Asker & { memberId: string },
  draftId: string,
): Promise<Record<string, unknown>> {
  const reviewer = reviewerOf(asker);
  const shown = await deps.summaries.show(draftId, reviewer);
  if (!shown.ok) return noticeCard(shown.message);
  const outcome = await deps.summaries.request({
    memberId: asker.memberId,
    workingGroupId: shown.draft.workingGroupId,
    memberStateId: shown.draft.memberStateId,
    language: shown.draft.language,
    platform: 'teams',
  });
  if (outcome.refused) return noticeCard(outcome.message);
  if (outcome.empty) return noticeCard(outcome.text);
  // The old version is set aside so only the new one can be approved.
  await deps.summaries.discard(draftId, reviewer);
  return summaryDraftCard(outcome, asker.language);
}

export async function discardSummary(
  deps: TeamsBotDeps,
  asker: Asker & { memberId: string },
  draftId: string,
): Promise<Record<string, unknown>> {
  const discarded = await deps.summaries.discard(draftId, reviewerOf(asker));
  if (!discarded.ok) return noticeCard(discarded.message);
  return summaryDraftCard(discarded.draft, asker.language, message('teams.summary_discarded', asker.language));
}
