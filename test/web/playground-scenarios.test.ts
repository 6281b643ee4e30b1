import express from 'express';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { mountWebSurface } from '../../src/app/mount-web-surface.js';
import { loadConfig } from '../../src/config.js';
import { createSilentLogger } from '../../src/logger.js';
import { listen, type RunningServer } from '../../src/web/http-app.js';
import {
  checkOutcome,
  MEMBER_IDS,
  SCENARIOS,
  type Person,
  type RoomSetup,
  type Step,
  type StepOutcome,
} from '../helpers/conversation-scenarios.js';
import { revokeConsent, seedScopeFixture } from '../helpers/scope-fixture.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/**
 * The scenario table (test/helpers/conversation-scenarios.ts) through the playground's HTTP routes.
 * In local mode a group's channel is read by the group's members, plus a guest the page may add: the
 * rooms it cannot build (another entity's reader in the channel, Slack Connect, an unreadable roster)
 * are the platforms' to run.
 */
interface ReplyJson {
  to: 'private' | 'room' | 'channel' | 'member';
  kind: string;
  text: string;
  buttons: { feedback?: string | null; share?: string | null; approve?: string };
}

const buildable = (room: RoomSetup) =>
  !room.externallyShared &&
  !room.unreadable &&
  room.readers.every((p) => ['chair', 'cochair', 'member', 'guest'].includes(p)) &&
  ['chair', 'cochair', 'member'].every((p) => room.readers.includes(p as Person));

describe('conversation scenarios through the playground', () => {
  let database: TestDatabase;
  let http: RunningServer;
  const buttons = new Map<Person, ReplyJson['buttons'][]>();

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedScopeFixture(database.db);
    await database.db.query(
      `INSERT INTO reminders (id, title, working_group_id, cron, timezone, duration_minutes, lead_times, message, targets)
       VALUES ('rem-border', 'Border WG meeting', 'wg-border', '0 15 * * 4', 'UTC', 60, ARRAY['1d'], 'Meeting {event_date}', '{"slack":[],"teams":[]}'::jsonb)`,
    );
    const config = loadConfig({ ...database.env, PLAYGROUND: 'on', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' });
    const app = express();
    await mountWebSurface(app, { config, db: database.db, logger: createSilentLogger(), accepting: () => true });
    http = await listen(app, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await http?.close();
    await database?.drop();
  });

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${http.url}/playground/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { replies: ReplyJson[] };
  };

  async function perform(step: Step): Promise<StepOutcome> {
    if (step.do === 'revoke') {
      await revokeConsent(database.db, step.document);
      return { room: [], actor: [] };
    }
    const memberId = MEMBER_IDS[step.as] ?? `mbr-unknown-${step.as}`;
    const channel = step.in === 'room' ? 'wg-border' : null;
    let what: unknown;
    if (step.do === 'ask') what = { kind: 'question', text: step.text };
    else if (step.do === 'command') what = { kind: 'command', text: step.text };
    else {
      const key = step.button === 'share' ? 'share' : step.button === 'approve' ? 'approve' : 'feedback';
      const token = [...(buttons.get(step.from ?? step.as) ?? [])].reverse().find((b) => b[key])?.[key];
      if (!token) throw new Error(`no ${step.button} button to click`);
      what = { kind: 'button', action: step.button, token };
    }
    const { replies } = await post('turn', { memberId, channel, what });
    const own = replies.filter((r) => r.to === 'private');
    buttons.set(step.as, [...(buttons.get(step.as) ?? []), ...own.map((r) => r.buttons)]);
    return { room: replies.filter((r) => r.to === 'room' || r.to === 'channel').map((r) => r.text), actor: own.map((r) => r.text) };
  }

  for (const scenario of SCENARIOS) {
    it.skipIf(!buildable(scenario.room))(scenario.name, async () => {
      await fetch(`${http.url}/playground/channel/guest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workingGroupId: 'wg-border', present: scenario.room.readers.includes('guest') }),
      });
      for (const [index, { step, room, actor }] of scenario.steps.entries()) {
        checkOutcome(scenario.name, index, await perform(step), { ...(room ? { room } : {}), ...(actor ? { actor } : {}) });
      }
    });
  }
});
