import type { CloudAdapter } from 'botbuilder';
import type { AnswerService } from '../app/create-answer-service.js';
import type { SummaryService } from '../app/create-summary-service.js';
import type { ConversationService } from '../core/conversation/conversation-service.js';
import type { RoomAudience } from '../core/conversation/room-audience.js';
import type { ConversationAddress } from '../core/conversation/roster-reader.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { TeamsReferenceStore } from './teams-reference-store.js';

/** What every Teams activity handler is given. */
export interface TeamsBotDeps {
  db: Database;
  references: TeamsReferenceStore;
  adapter: CloudAdapter;
  /** '' when authentication is off (local runs and tests). */
  appId: string;
  answer: AnswerService;
  summaries: SummaryService;
  logger: Logger;
  /** True when a chat model streams answers: 1:1 answers stream, others post once. */
  streaming: boolean;
  /** Minimum gap between streaming updates (Teams accepts about one a second). */
  streamIntervalMs: number;
  /** Who reads a room (the conversation core's rule over the Teams roster), and its membership hook. */
  rooms: TeamsRooms;
}

/** Who sent an activity, as the directory knows them (memberId null: unknown). */
export interface Asker {
  tenantId: string;
  aadObjectId: string | undefined;
  memberId: string | null;
  language: string;
}

export type Scope = { kind: 'personal' } | { kind: 'wg-channel'; workingGroupId: string } | { kind: 'private-elsewhere' };

export interface TeamsRooms {
  /** Every reader mapped to a member, or why nothing from a document may go to the room. */
  read(address: ConversationAddress): Promise<RoomAudience>;
  /** Forget the cached roster (before a click re-reads the room). */
  drop(address: ConversationAddress): Promise<void>;
  roomChanged: ConversationService['roomChanged'];
  /** True the first time an answer is shared to a room: a share is posted once however often it is clicked. */
  claimShare(auditId: number, address: ConversationAddress): Promise<boolean>;
  releaseShare(auditId: number, address: ConversationAddress): Promise<void>;
  /** Whether an identity of this tenant may be mapped at all (the deployment's configured tenants). */
  tenantAllowed(tenantId: string | null, conversationTenant: string | null): boolean;
}
