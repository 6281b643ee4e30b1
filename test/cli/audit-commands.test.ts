import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/cli/audit-commands.js';
import { isAppError } from '../../src/errors.js';

describe('audit --since', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  it('accepts spans back from now and ISO dates', () => {
    expect(parseSince('30m', now).toISOString()).toBe('2026-11-27T11:30:00.000Z');
    expect(parseSince('24h', now).toISOString()).toBe('2026-11-26T12:00:00.000Z');
    expect(parseSince('7d', now).toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(parseSince('2026-11-01', now).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('2026-11-01T09:00Z', now).toISOString()).toBe('2026-11-01T09:00:00.000Z');
  });
  it('rejects anything else as bad input (exit 2)', () => {
    let error: unknown;
    try {
      parseSince('yesterday-ish', now);
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error) && error.exitCode).toBe(2);
  });
});
