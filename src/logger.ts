import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * One pino logger for the process. Tokens and secrets are redacted wherever they appear in a
 * logged object; document text is never passed to the logger in the first place.
 */
export function createLogger(options: { level?: string; destination?: { write(text: string): unknown } } = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { app: 'compact-bot' },
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
