import { lastMemberLanguage } from '../db/queries/member-languages.js';
import type { ConversationStore } from '../core/conversation/conversation-store.js';
import type { ChatSurface, ConversationAddress } from '../core/conversation/roster-reader.js';
import type { Database } from '../db/database.js';
import { listScopedDocumentIds, listScopedDocuments } from '../db/queries/access-scope.js';
import { recordFeedback } from '../db/queries/answer-feedback.js';
import { findAuditEntry, findSummaryAuditId } from '../db/queries/audit-trail.js';
import { findMemberState, slackChannelOfWorkingGroup, workingGroupOfSlackChannel } from '../db/queries/chat-channels.js';
import {
  claimRoomShare,
  deleteRoster,
  findButtonToken,
  findCachedRoster,
  insertButtonToken,
  listWorkingGroupMemberIds,
  releaseRoomShare,
  saveRoster,
} from '../db/queries/conversation-state.js';
import { findMemberIdByIdentity, findMemberProfile } from '../db/queries/directory.js';
import { workingGroupExists } from '../db/queries/directory-overview.js';
import {
  findPostedMessage,
  listLivePostsInConversation,
  recordPostedMessage,
  requestWithdrawalOfPosts,
  type ChatPlatform,
} from '../db/queries/posted-messages.js';
import { listScopedCatalog } from '../db/queries/scoped-catalog.js';
import { findSlackThread, saveSlackThread } from '../db/queries/slack-threads.js';
import { summaryNames } from '../db/queries/summary-drafts.js';
import { findTeamsChannel, findTeamsChannelOfGroup } from '../db/queries/teams-channels.js';
import { metrics } from '../observability/metrics.js';
import { nextReminders } from './next-reminders.js';

/** posted_messages and feedback name the playground 'web'. */
const storedPlatform = (platform: ChatSurface): ChatPlatform => (platform === 'playground' ? 'web' : platform);

/** A Teams channel conversation id without its `;messageid=` thread suffix. */
const teamsChannelId = (conversationId: string) => conversationId.split(';')[0] ?? conversationId;

/** The conversation core's storage port over the typed queries. */
export function createConversationStore(db: Database): ConversationStore {
  return {
    async memberOfIdentity(platform, workspace, userId) {
      if (platform === 'playground') return (await findMemberProfile(db, userId)) ? userId : null;
      return (await findMemberIdByIdentity(db, platform, workspace ?? '', userId)) ?? null;
    },
    async identityOfMember(memberId, platform) {
      if (platform === 'playground') return { workspace: null, userId: memberId };
      const identity = (await findMemberProfile(db, memberId))?.identities.find((i) => i.platform === platform);
      return identity ? { workspace: identity.workspaceId || null, userId: identity.externalId } : undefined;
    },
    profile: (memberId) => findMemberProfile(db, memberId),

    async workingGroupOf(address) {
      if (address.platform === 'slack') return workingGroupOfSlackChannel(db, address.conversationId);
      if (address.platform === 'teams') return (await findTeamsChannel(db, teamsChannelId(address.conversationId)))?.workingGroupId ?? null;
      return (await workingGroupExists(db, address.conversationId)) ? address.conversationId : null;
    },
    async channelOfWorkingGroup(platform, workingGroupId): Promise<ConversationAddress | undefined> {
      if (platform === 'slack') {
        const channel = await slackChannelOfWorkingGroup(db, workingGroupId);
        return channel ? { platform, workspace: null, conversationId: channel } : undefined;
      }
      if (platform === 'teams') {
        const channel = await findTeamsChannelOfGroup(db, workingGroupId);
        // A team id is not a tenant: the core binds the channel's readers to the turn's tenant.
        return channel ? { platform, workspace: null, conversationId: channel.channelId } : undefined;
      }
      return (await workingGroupExists(db, workingGroupId)) ? { platform, workspace: null, conversationId: workingGroupId } : undefined;
    },
    membersOfWorkingGroup: (workingGroupId) => listWorkingGroupMemberIds(db, workingGroupId),

    scopedDocumentIds: (request) => listScopedDocumentIds(db, request),
    async scopedDocuments(request) {
      const documents = await listScopedDocuments(db, request);
      return documents.map((d) => ({ documentId: d.documentId, title: d.title, kind: d.kind, memberStateName: d.memberStateName }));
    },
    scopedCatalog: (request) => listScopedCatalog(db, request),

    cachedRoster: (address, maxAgeMs) => findCachedRoster(db, address, maxAgeMs),
    cacheRoster: (address, roster) => saveRoster(db, address, roster),
    dropRoster: (address) => deleteRoster(db, address),

    memberLanguage: (memberId) => lastMemberLanguage(db, memberId),
    issueToken: (grant) => insertButtonToken(db, grant),
    resolveToken: (token, maxAgeMs) => findButtonToken(db, token, maxAgeMs),

    async findAnswer(auditId) {
      const entry = await findAuditEntry(db, auditId);
      return entry
        ? {
            id: entry.id,
            kind: entry.kind,
            memberId: entry.memberId,
            question: entry.question,
            answerText: entry.answerText,
            citedDocumentIds: entry.citedDocumentIds,
            model: entry.model,
            invalidatedAt: entry.invalidatedAt,
          }
        : undefined;
    },
    claimShare: (auditId, address) => claimRoomShare(db, auditId, address),
    releaseShare: (auditId, address) => releaseRoomShare(db, auditId, address),
    async recordFeedback(feedback) {
      const platform = storedPlatform(feedback.platform);
      const stored = await recordFeedback(db, { ...feedback, platform });
      if (stored) metrics.feedback.inc({ platform, rating: feedback.rating });
      return stored;
    },

    async findPost(address, messageId) {
      const posted = await findPostedMessage(db, storedPlatform(address.platform), address.conversationId, messageId);
      return posted ? { auditId: posted.auditId } : undefined;
    },

    async recordPost(post) {
      // A summary's post carries its draft's audit row, so feedback on it lands there.
      const auditId = post.auditId ?? (post.draftId !== undefined ? await findSummaryAuditId(db, post.draftId) : undefined);
      await recordPostedMessage(db, {
        platform: storedPlatform(post.address.platform),
        conversationId: post.address.conversationId,
        messageId: post.messageId,
        threadId: post.threadId ?? null,
        ...(auditId !== undefined ? { auditId } : {}),
        ...(post.draftId !== undefined ? { draftId: post.draftId } : {}),
        documentIds: post.documentIds,
        language: post.language,
      });
    },
    postsInRoom: (address) => listLivePostsInConversation(db, storedPlatform(address.platform), address.conversationId),
    requestWithdrawal: (postIds, reason) => requestWithdrawalOfPosts(db, postIds, reason),

    async threadGroup(address, threadId) {
      if (address.platform !== 'slack') return undefined;
      const thread = await findSlackThread(db, address.conversationId, threadId);
      if (thread?.kind !== 'mention') return undefined;
      return typeof thread.context.workingGroupId === 'string' ? thread.context.workingGroupId : null;
    },
    async rememberThread(address, threadId, workingGroupId) {
      if (address.platform !== 'slack') return;
      await saveSlackThread(db, {
        channelId: address.conversationId,
        threadTs: threadId,
        teamId: address.workspace ?? '',
        kind: 'mention',
        context: { workingGroupId },
      });
    },

    findMemberState: (text) => findMemberState(db, text),
    summaryNames: (workingGroupId, memberStateId) => summaryNames(db, workingGroupId, memberStateId),
    nextReminders: (filter, now, limit) => nextReminders(db, filter, now, limit),
  };
}
