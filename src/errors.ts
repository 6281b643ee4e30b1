/**
 * Typed application errors. `code` is stable (logs, tests, metrics); `userMessage` is safe to show a
 * member in chat or on the CLI; `detail` stays in the logs. `exitCode` follows the CLI convention:
 * 2 = bad usage or bad input, 1 = environment failure (database down, endpoint unreachable).
 */
export type ErrorCode =
  | 'config.invalid'
  | 'db.unreachable'
  | 'db.locked'
  | 'db.connection_lost'
  | 'db.migration_failed'
  | 'db.schema_too_new'
  | 'input.invalid'
  | 'input.not_found'
  | 'input.unreadable_file'
  | 'directory.invalid'
  | 'access.unknown_identity'
  | 'access.unknown_member'
  | 'access.not_permitted'
  | 'ingest.unreadable_file'
  | 'llm.timeout'
  | 'llm.unavailable'
  | 'platform.failed'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly exitCode: 1 | 2;
  readonly detail?: unknown;

  constructor(code: ErrorCode, userMessage: string, options: { exitCode?: 1 | 2; detail?: unknown; cause?: unknown } = {}) {
    super(userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = userMessage;
    this.exitCode = options.exitCode ?? (code.startsWith('input.') || code.startsWith('directory.') || code.startsWith('access.') ? 2 : 1);
    this.detail = options.detail;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Bad input from a file or a command line: exit code 2. */
export function inputError(message: string, detail?: unknown): AppError {
  return new AppError('input.invalid', message, { exitCode: 2, detail });
}

/** What a member sees for an unexpected failure; the detail goes to the log only. */
export const GENERIC_FAILURE_MESSAGE = 'Something went wrong on our side and nothing was changed. Please try again in a moment.';

export function toUserMessage(error: unknown): string {
  return isAppError(error) ? error.userMessage : GENERIC_FAILURE_MESSAGE;
}
