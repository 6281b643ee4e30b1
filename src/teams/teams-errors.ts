import { isAppError } from '../errors.js';

/** What the Teams adapter may learn from, and log of, a Bot Connector or turn error. */

export interface RestErrorLike {
  statusCode?: number;
  code?: string;
  body?: unknown;
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as RestErrorLike | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The Connector's error code (e.g. ConversationBlockedByUser), when it sent one. */
export function connectorCodeOf(error: unknown): string | undefined {
  const body = (error as RestErrorLike | undefined)?.body as { error?: { code?: string } } | undefined;
  return body?.error?.code ?? (error as RestErrorLike | undefined)?.code;
}

/**
 * What may be logged of an error: botbuilder's RestError carries the request (the activity, i.e.
 * answer text quoting documents) and the response body, which must never reach the log.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const rest = error as Error & RestErrorLike;
  const body = rest.body as { error?: { code?: string } } | undefined;
  return {
    type: error.name,
    message: error.message.slice(0, 300),
    ...(rest.statusCode !== undefined ? { statusCode: rest.statusCode } : {}),
    ...(rest.code !== undefined ? { code: rest.code } : {}),
    ...(body?.error?.code ? { connectorCode: body.error.code } : {}),
    ...(rest.statusCode === undefined && error.stack ? { stack: error.stack } : {}),
  };
}

export function isDatabaseError(error: unknown): boolean {
  if (isAppError(error)) return error.code.startsWith('db.');
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (/^(08|57P)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(code));
}
