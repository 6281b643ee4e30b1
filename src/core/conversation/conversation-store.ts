import type { ScopeRequest } from '../access/access-rule.js';
import type { CatalogEntry } from '../answering/catalog-questions.js';
import type { Language } from '../retrieval/retrieved-chunk.js';
import type { MemberProfile } from '../types.js';
import type { ChatSurface, ConversationAddress, Roster } from './roster-reader.js';

/** A button works for 30 days after it was shown: long enough for a chair's review, short enough that old posts do not stay actionable. */
export const BUTTON_TOKEN_TTL_MS = 30 * 86_400_000;
/** Expired tokens are kept as long again, so a late click is told the button expired; then the sweep deletes them. */
export const BUTTON_TOKEN_KEEP_MS = 2 * BUTTON_TOKEN_TTL_MS;

/**
 * What the conversation core needs from storage. src/app/create-conversation-store.ts implements it
 * over src/db/queries; adapters never reach the database themselves.
 */
export interface ConversationStore {
  /** The member behind a platform identity (the core checks the workspace is the deployment's first), or null. */
  memberOfIdentity(platform: ChatSurface, workspace: string | null, userId: string): Promise<string | null>;
  /** The member's identity on a platform (to tell them something in their DM), or undefined. */
  identityOfMember(memberId: string, platform: ChatSurface): Promise<{ workspace: string | null; userId: string } | undefined>;
  profile(memberId: string): Promise<MemberProfile | undefined>;
  /** The language the member last asked in (when the detector was sure), or null. */
  memberLanguage(memberId: string): Promise<Language | null>;

  /** The working group a conversation is registered to, or null (any other room, a group chat). */
  workingGroupOf(address: ConversationAddress): Promise<string | null>;
  /** The conversation registered to a working group on a platform (where approved summaries go). */
  channelOfWorkingGroup(platform: ChatSurface, workingGroupId: string): Promise<ConversationAddress | undefined>;
  /** The members of a working group (the playground's channel roster). */
  membersOfWorkingGroup(workingGroupId: string): Promise<string[]>;

  /** Document ids in scope (computed in SQL), for comparing scopes and re-checking citations. */
  scopedDocumentIds(request: ScopeRequest): Promise<string[]>;
  /** "What can I see": titles and kinds only, from the same scope SQL. */
  scopedDocuments(request: ScopeRequest): Promise<{ documentId: string; title: string; kind: string; memberStateName: string | null }[]>;
  /** The catalog entries in scope (title, kind, date, classification): what a citation of a stored answer shows. */
  scopedCatalog(request: ScopeRequest): Promise<CatalogEntry[]>;

  /** Rosters shared between replicas for a short while (PostgreSQL), dropped on membership events. */
  cachedRoster(address: ConversationAddress, maxAgeMs: number): Promise<Roster | undefined>;
  cacheRoster(address: ConversationAddress, roster: Roster): Promise<void>;
  dropRoster(address: ConversationAddress): Promise<void>;

  /** Stores what a button may do and returns an opaque, unguessable token for its value. */
  issueToken(grant: ButtonGrant): Promise<string>;
  /** A token's grant, and whether it was issued longer ago than `maxAgeMs` (by the database's clock). */
  resolveToken(token: string, maxAgeMs: number): Promise<{ grant: ButtonGrant; expired: boolean } | undefined>;

  /** An answer's audit row, for Post to channel and feedback. */
  findAnswer(auditId: number): Promise<StoredAnswer | undefined>;
  /** True the first time (answer, room) is claimed: a share is posted once however often it is clicked. */
  claimShare(auditId: number, address: ConversationAddress): Promise<boolean>;
  releaseShare(auditId: number, address: ConversationAddress): Promise<void>;
  recordFeedback(feedback: {
    auditId: number;
    platform: ChatSurface;
    memberId: string;
    rating: 'up' | 'down';
    comment?: string | null;
  }): Promise<boolean>;
  /** The audit row of a bot post recorded in a conversation (a summary's: its draft's), for the platform's own feedback. */
  findPost(address: ConversationAddress, messageId: string): Promise<{ auditId: number | null } | undefined>;

  /**
   * Records a bot post that quotes documents, so revocation and new readers can withdraw it (a
   * summary's post is tied to its draft's audit row, for feedback).
   */
  recordPost(post: RoomPost): Promise<void>;
  /** The bot's posts in a room that quote documents and are not withdrawn. */
  postsInRoom(address: ConversationAddress): Promise<{ id: number; documentIds: string[] }[]>;
  /** Marks posts for the withdrawal dispatcher (the same path revocation takes). */
  requestWithdrawal(postIds: number[], reason: string): Promise<number>;

  /** The working group whose scope a room thread keeps, once the bot answered in it. */
  threadGroup(address: ConversationAddress, threadId: string): Promise<string | null | undefined>;
  rememberThread(address: ConversationAddress, threadId: string, workingGroupId: string): Promise<void>;

  findMemberState(text: string): Promise<{ id: string; name: string } | undefined>;
  summaryNames(workingGroupId: string, memberStateId: string): Promise<{ workingGroup: string; memberState: string }>;
  /** Next sends of active reminders posting to `address` or belonging to `groupIds`, soonest first. */
  nextReminders(
    filter: { address?: ConversationAddress; groupIds?: string[] },
    now: Date,
    limit?: number,
  ): Promise<{ title: string; sendAt: string; eventAt: string }[]>;
}

/** An answer shown to `recipient` privately in `shownIn` (share, feedback), or posted to the room `shownIn` (feedback by its readers). */
export interface AnswerGrant {
  kind: 'answer';
  auditId: number;
  shownIn: ConversationAddress;
  /** The thread of `shownIn` the question was asked in: a share goes back into it. */
  threadId?: string;
  recipient: string | null;
  inRoom: boolean;
}

/** What a button token stands for. The clicker and the conversation are checked again at the click. */
export type ButtonGrant =
  | AnswerGrant
  /** A summary draft's review buttons. */
  | { kind: 'draft'; draftId: string }
  /** A chair's choice of group for a summary. */
  | { kind: 'summary-group'; workingGroupId: string; memberStateId: string; language: string };

export interface StoredAnswer {
  id: number;
  kind: string;
  memberId: string | null;
  question: string | null;
  answerText: string | null;
  citedDocumentIds: string[];
  /** The model that wrote it (null or 'extractive': no model). */
  model: string | null;
  invalidatedAt: Date | null;
}

export interface RoomPost {
  address: ConversationAddress;
  messageId: string;
  threadId?: string | null;
  auditId?: number;
  draftId?: string;
  documentIds: string[];
  language: string;
}
