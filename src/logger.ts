import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * The fields of an error that may reach the log. An allowlist, not a blocklist: database drivers put
 * the statement and its parameters on their errors (PGlite: `query`, `params`; pg: `detail` with
 * "Failing row contains (…)", `where`), HTTP clients the request and response bodies, and those carry
 * questions, answers and document text. Anything not named here is dropped, for every driver.
 */
const SAFE_ERROR_FIELDS = [
  'code',
  'errno',
  'syscall',
  'severity',
  'routine',
  'constraint',
  'table',
  'column',
  'schema',
  'dataType',
  'status',
  'statusCode',
  'exitCode',
  'requestID',
] as const;
const MAX_MESSAGE_CHARS = 500;
const MAX_CAUSE_DEPTH = 5;

export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
  errors?: SerializedError[];
  [field: string]: unknown;
}

const cap = (text: string) => (text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text);

/** pino's `err` serializer, minus everything that can hold document, question or answer text. */
export function serializeError(error: unknown, depth = 0): SerializedError | unknown {
  if (!(error instanceof Error))
    return typeof error === 'string' ? cap(error) : error === undefined || error === null ? error : '[non-error value]';
  const record = error as unknown as Record<string, unknown>;
  const serialized: SerializedError = { type: error.constructor?.name || error.name || 'Error', message: cap(String(error.message)) };
  if (typeof error.stack === 'string') {
    // The stack starts with the message; keep only the frames after it.
    const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
    serialized.stack = [`${serialized.type}: ${serialized.message}`, ...frames].join('\n');
  }
  for (const field of SAFE_ERROR_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      serialized[field] = typeof value === 'string' ? cap(value) : value;
  }
  if (depth < MAX_CAUSE_DEPTH && error.cause !== undefined) serialized.cause = serializeError(error.cause, depth + 1) as SerializedError;
  if (depth < MAX_CAUSE_DEPTH && error instanceof AggregateError)
    serialized.errors = error.errors.slice(0, 10).map((inner: unknown) => serializeError(inner, depth + 1) as SerializedError);
  return serialized;
}

/**
 * One pino logger for the process. Tokens and secrets are redacted wherever they appear in a
 * logged object; document text is never passed to the logger in the first place, and errors are
 * logged through `serializeError`, which keeps none of what drivers attach to them.
 */
export function createLogger(options: { level?: string; destination?: { write(text: string): unknown } } = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { app: 'compact-bot' },
    // `err` is pino's error key; some call sites log an `error` field.
    serializers: { err: serializeError, error: serializeError },
    redact: {
      paths: [
        '*.token',
        '*.botToken',
        '*.signingSecret',
        '*.appPassword',
        '*.apiKey',
        '*.password',
        'token',
        'botToken',
        'signingSecret',
        'appPassword',
        'apiKey',
        'password',
        'headers.authorization',
        '*.headers.authorization',
        'req.headers.authorization',
        'databaseUrl',
        '*.databaseUrl',
      ],
      censor: '[redacted]',
    },
  };
  return options.destination ? pino(config, options.destination as pino.DestinationStream) : pino(config, pino.destination(2));
}

/** A logger that drops everything: for CLI commands run in tests. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
