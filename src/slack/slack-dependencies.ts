import type { WebClient } from '@slack/web-api';
import type { AnswerService } from '../app/create-answer-service.js';
import type { SummaryService } from '../app/create-summary-service.js';
import type { Database } from '../db/database.js';
import { findMemberIdByIdentity } from '../db/queries/directory.js';
import { isAppError } from '../errors.js';
import type { LanguageDetector } from '../core/retrieval/language-detector.js';
import type { Language } from '../core/retrieval/retrieved-chunk.js';
import type { Logger } from '../logger.js';
import { message } from '../core/messages/index.js';

/** What the Slack adapter is given: the core services and the database; it holds no rules of its own. */
export interface SlackDependencies {
  db: Database;
  logger: Logger;
  answer: AnswerService;
  /**
   * The same answer service without audit rows and without the model: asked in the asker's DM scope
   * after a channel answer, only to decide whether to offer "more in a DM" (its text is never sent).
   */
  probe: AnswerService;
  summaries: SummaryService;
  /** The language-detection port (franc-based, injected by src/app). */
  detectLanguage: LanguageDetector;
  now?: () => Date;
}

/** The member behind a Slack user: (team, user) in the directory's chat identities, or null. */
export async function memberOf(deps: SlackDependencies, teamId: string | undefined, userId: string): Promise<string | null> {
  return (await findMemberIdByIdentity(deps.db, 'slack', teamId ?? '', userId)) ?? null;
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
