import { describe, expect, it } from 'vitest';
import { describeDatabase, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('defaults to embedded PGlite in ./data on 127.0.0.1:3978 with no environment', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './data' });
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3978);
    expect(config.mode).toBe('local');
    expect(config.llm.egress).toBe('external');
  });

  it('selects PostgreSQL when DATABASE_URL is set and memory with DATA_DIR=memory', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5433/x' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5433/x',
    });
    expect(loadConfig({ DATA_DIR: 'memory' }).database).toEqual({ kind: 'pglite', dataDir: 'memory' });
    expect(loadConfig({ DATABASE_URL: '' }).database.kind).toBe('pglite');
  });

  it('reports every problem at once, with hints', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SLACK_BOT_TOKEN: 'xoxb-1', LLM_EGRESS: 'sideways', MICROSOFT_APP_ID: 'abc' });
    } catch (error) {
      message = (error as Error).message;
      expect(error).toMatchObject({ code: 'config.invalid', exitCode: 2 });
    }
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/DATABASE_URL: must start with postgres:\/\//);
    expect(message).toMatch(/LLM_EGRESS/);
    expect(message).toMatch(/See \.env\.example/);
  });

  it('lists cross-field problems together', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', MICROSOFT_APP_ID: 'abc', APP_MODE: 'production' })).toThrow(
      /SLACK_SIGNING_SECRET: required[\s\S]*MICROSOFT_APP_PASSWORD: required[\s\S]*DATABASE_URL: required when APP_MODE=production/,
    );
  });

  it('never prints the database password', () => {
    expect(describeDatabase({ kind: 'postgres', url: 'postgres://admin:s3cret@db.internal:6543/compact' })).toBe(
      'PostgreSQL at db.internal:6543/compact',
    );
  });
});
