import { message } from '../messages/index.js';

/** The "couldn't find" reply in the asker's language. The refusal names nothing. */
export function notFoundMessage(language?: string): string {
  return message('answer.not_found', language);
}

/** The first line of a cautious answer: the closest passage may not answer exactly. */
export function cautiousIntro(language?: string): string {
  return message('answer.cautious_intro', language);
}

/** The how-to-get-access reply for an identity that maps to no member, in the asker's language. */
export function noAccessMessage(language?: string): string {
  return message('answer.no_access', language);
}

/** The reply to a question that tries to override the access rules ("ignore previous instructions…"). */
export function overrideRefusedMessage(language?: string): string {
  return message('answer.override_refused', language);
}

/** The English forms (tests and the English-only callers). */
export const NOT_FOUND_MESSAGE = notFoundMessage('en');

export const NO_ACCESS_MESSAGE = noAccessMessage('en');
