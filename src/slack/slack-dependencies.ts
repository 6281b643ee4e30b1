import type { WebClient } from '@slack/web-api';
import type { ConversationService } from '../core/conversation/conversation-service.js';
import type { ConversationAddress, RosterReader } from '../core/conversation/roster-reader.js';
import type { Speaker } from '../core/conversation/turn.js';
import type { LanguageDetector } from '../core/retrieval/language-detector.js';
import type { Language } from '../core/retrieval/retrieved-chunk.js';
import type { MemberProfile } from '../core/types.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AnswerStopsPort } from './answer-stops.js';
import { message } from '../core/messages/index.js';

/** What App Home shows: built by src/app from the directory and the scope SQL. */
export type HomeModel =
  | { kind: 'unknown' }
  | {
      kind: 'member';
      profile: MemberProfile;
      counts: { memberStateName: string | null; documents: number }[];
      reminders: { title: string; sendAt: string; eventAt: string }[];
    };

/**
 * What the Slack adapter is given: the conversation core (built around this app's roster reader) and
 * a few storage ports. It translates and renders; every rule is the core's, and it never reaches the
 * database itself.
 */
export interface SlackDependencies {
  logger: Logger;
  /** The conversation core, given the roster reader over this app's Web API client. */
  conversation(rosters: RosterReader): ConversationService;
  /**
   * Forgets a room's cached roster at once (membership events, before their ack), so no turn after
   * a join reads the room without its newcomer; the withdrawal of earlier posts runs durably after.
   */
  dropRoster(address: ConversationAddress): Promise<void>;
  /** Legacy assistant threads' context, per channel and thread, in PostgreSQL. */
  assistantThreads: {
    find(channelId: string, threadTs: string): Promise<Record<string, unknown> | undefined>;
    save(thread: { channelId: string; threadTs: string; teamId: string; context: Record<string, unknown> }): Promise<void>;
  };
  /** Members' Stops, recorded by the replica that hears one and polled by the one writing the answer. */
  answerStops: AnswerStopsPort;
  /** The language a Slack user last asked in, when the directory knows them and the detector was sure. */
  memberLanguage(speaker: Speaker): Promise<Language | undefined>;
  /** App Home for a Slack user. */
  home(speaker: Speaker): Promise<HomeModel>;
  /** The language-detection port (franc-based, injected by src/app). */
  detectLanguage: LanguageDetector;
  now?: () => Date;
}

const DATABASE_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** The database could not be reached (rather than a model, platform or programming failure). */
export function isDatabaseError(error: unknown): boolean {
  if (isAppError(error)) return error.code.startsWith('db.');
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string' && DATABASE_ERROR_CODES.has(e.code)) return true;
  return (
    typeof e.message === 'string' &&
    /PGlite is closed|Connection terminated|connect ECONNREFUSED|database .* does not exist|pool (is|was) (ended|closed)|Cannot use a pool after calling end/i.test(
      e.message,
    )
  );
}

/**
 * The language to reply in when all we have is what the member typed: detected when there is enough
 * text to tell (a bare "Valdoria" reads as Spanish to a trigram detector), English otherwise.
 */
export function languageOfText(deps: Pick<SlackDependencies, 'detectLanguage'>, text: string): Language {
  return text.trim().split(/\s+/).length >= 4 ? deps.detectLanguage(text, 'en') : 'en';
}

/** One friendly line for a failure, in the member's language; the detail goes to the log. */
export function friendlyError(deps: SlackDependencies, error: unknown, where: string, question = ''): string {
  const language = languageOfText(deps, question);
  const database = isDatabaseError(error);
  deps.logger.error({ err: error, where, database }, 'slack request failed');
  return message(database ? 'chat.error_database' : 'chat.error_generic', language);
}

export type { WebClient };
