import type { AnswerRequest } from '../answering/answer-question.js';
import type { LanguageDetector } from '../retrieval/language-detector.js';
import type { SummaryOutcome, SummaryRequest } from '../summaries/request-summary.js';
import type { ReviewOutcome, Reviewer } from '../summaries/review-summary.js';
import type { ConversationStore } from './conversation-store.js';
import type { ChatSurface, ConversationAddress, RosterReader } from './roster-reader.js';
import type { MemberProfile } from '../types.js';
import type { CoreAnswer, Outbox, Reply, Speaker, Turn } from './turn.js';

/** The answer service (src/app/create-answer-service.ts) as the core sees it. */
export type AnswerPort = (
  request: AnswerRequest & { onToken?: (token: string) => void; locale?: string; signal?: AbortSignal },
) => Promise<CoreAnswer>;

/** The summary service (src/app/create-summary-service.ts) as the core sees it. */
export interface SummaryPort {
  request(request: SummaryRequest): Promise<SummaryOutcome>;
  approve(draftId: string, reviewer: Reviewer): Promise<ReviewOutcome>;
  discard(draftId: string, reviewer: Reviewer): Promise<ReviewOutcome>;
  show(draftId: string, reviewer: Reviewer): Promise<ReviewOutcome>;
  markPosted(draftId: string, reviewer: Reviewer, postedRef: string): Promise<ReviewOutcome>;
}

export interface ConversationDeps {
  store: ConversationStore;
  answer: AnswerPort;
  summaries: SummaryPort;
  /** One roster reader per surface the deployment runs. A room on a surface without one fails closed. */
  rosters: Partial<Record<ChatSurface, RosterReader>>;
  /**
   * The workspaces (Slack team ids) and tenants (Teams tenant ids) whose people the directory may map.
   * An identity or a room reader from anywhere else is an outsider, whatever the directory says.
   * A surface with no entry accepts any workspace (the playground).
   */
  workspaces: Partial<Record<ChatSurface, readonly string[]>>;
  /** Language detection for short bot lines (the answer service detects its own). */
  detectLanguage: LanguageDetector;
  /** How long a roster read is trusted (default 60 s); membership events drop it at once. */
  rosterTtlMs?: number;
  now?: () => Date;
  log?: { warn(details: object, message: string): void; info(details: object, message: string): void };
}

export interface ConversationService {
  /** Decides and sends every reply to one turn through the adapter's outbox; returns what was sent. */
  handle(turn: Turn, outbox: Outbox): Promise<Reply[]>;
  /**
   * The platform says a room's membership changed (Slack member_joined_channel, member_left_channel,
   * channel_shared/unshared; Teams conversationUpdate). Drops the cached roster and, when someone
   * joined, withdraws earlier bot posts there that quote a document a reader may no longer see.
   */
  roomChanged(address: ConversationAddress, change: 'joined' | 'left' | 'shared' | 'unshared'): Promise<{ withdrawn: number }>;
  /** Who the directory says a platform identity is (a welcome on install), with the same workspace binding as a turn; undefined: unknown. */
  whoIs(who: Speaker, address: ConversationAddress): Promise<MemberProfile | undefined>;
}
