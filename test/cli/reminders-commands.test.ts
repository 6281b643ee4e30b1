import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '../../src/db/pglite-driver.js';
import {
  claimDelivery,
  deliveryHistory,
  findReminder,
  markDeliveryFinished,
  recordSkippedDelivery,
} from '../../src/db/queries/reminders.js';
import { planDeliveries } from '../../src/core/reminders/reminder-schedule.js';
import { importDirectory } from '../../src/db/queries/directory.js';
import { loadDirectoryFile } from '../../src/ingest/load-directory-file.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';

const remindersFile = fileURLToPath(new URL('../fixtures/reminders/reminders.yaml', import.meta.url));

// `reminders run` is a true subprocess (signals, exit code): a TypeScript process start, then up to 30 s of waiting for the post.
const SUBPROCESS_TIMEOUT = 60_000;

// Reminder targets must be in the directory: the fixture reminders post to this directory's channels.
const directoryFile = fileURLToPath(new URL('../fixtures/directory/compact.yaml', import.meta.url));
const test = useTestDatabase({ seed: (db) => importDirectory(db, loadDirectoryFile(directoryFile)) });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-reminders-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
};

describe('compact-bot reminders', () => {
  it('imports the fixture reminders and lists next sends in the zone and in UTC (--json)', async () => {
    const imported = await test.cli(['reminders', 'import', remindersFile, '--json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 6, inserted: 6, updated: 0 });

    const listed = await test.cli(['reminders', 'list', '--count', '2', '--json']);
    expect(listed.code).toBe(0);
    const body = JSON.parse(listed.stdout) as {
      reminders: {
        id: string;
        timezone: string;
        next: { leadTime: string; eventLocal: string; eventUtc: string; sendLocal: string; sendUtc: string }[];
      }[];
    };
    expect(body.reminders.map((r) => r.id)).toContain('rem-heads-monthly');
    const heads = body.reminders.find((r) => r.id === 'rem-heads-monthly')!;
    expect(heads.next).toHaveLength(2);
    for (const send of heads.next) {
      // 10:00 New York whatever the season; the UTC form says 14:00 or 15:00 accordingly.
      expect(send.eventLocal).toMatch(/^\d{4}-\d{2}-10T10:00:00-0[45]:00$/);
      expect(send.eventUtc).toMatch(/^\d{4}-\d{2}-10T1[45]:00:00Z$/);
      expect(new Date(send.sendLocal).getTime()).toBe(new Date(send.sendUtc).getTime());
      expect(new Date(send.sendUtc).getTime()).toBeGreaterThan(Date.now());
    }
  });

  it('previews the exact text of the next message', async () => {
    const preview = await test.cli(['reminders', 'preview', 'rem-heads-monthly', '--json']);
    expect(preview.code).toBe(0);
    const body = JSON.parse(preview.stdout) as { text: string; eventLocal: string; eventUtc: string; leadTime: string };
    const date = body.eventLocal.slice(0, 10);
    const lead = body.leadTime === '7d' ? '7 days' : '1 day';
    expect(body.text).toBe(
      `Heads' coordination meeting on ${date} at 10:00 (America/New_York); send agenda items ${lead} ahead.\n` +
        `Starts ${date} 10:00 America/New_York (${body.eventUtc.slice(0, 10)} ${body.eventUtc.slice(11, 16)} UTC).`,
    );
    expect((await test.cli(['reminders', 'preview', 'rem-nope'])).code).toBe(2);
  });

  it('rejects a bad cron, zone, lead time and placeholder naming reminder and field; imports nothing', async () => {
    const bad = write(
      'bad.yaml',
      [
        'reminders:',
        '  - id: rem-good',
        '    title: Fine',
        '    cron: "0 9 1 * *"',
        '    timezone: America/New_York',
        '    lead_times: ["1d"]',
        '    message: "On {event_date}"',
        '    targets: { slack: [{ channel_id: C0GOOD00001 }] }',
        '  - id: rem-bad',
        '    title: Broken',
        '    cron: "0 25 * * *"',
        '    timezone: Europe/Atlantis',
        '    lead_times: ["7d", "3 days"]',
        '    message: "On {event_date} at {start_time}"',
        '    targets: { slack: [{ channel_id: C0GOOD00002 }] }',
      ].join('\n'),
    );
    const result = await test.cli(['reminders', 'import', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing was imported');
    expect(result.stderr).toMatch(/\(line 11\): reminder rem-bad, field cron: .*0 25 \* \* \*/);
    expect(result.stderr).toMatch(/\(line 12\): reminder rem-bad, field timezone: "Europe\/Atlantis" is not an IANA time zone/);
    expect(result.stderr).toMatch(/reminder rem-bad, field lead_times\[1\]: "3 days" is not a lead time/);
    expect(result.stderr).toMatch(/\(line 14\): reminder rem-bad, field message: unknown placeholder \{start_time\}/);
    expect(await findReminder(test.db, 'rem-good')).toBeUndefined();
  });

  it('pauses and resumes', async () => {
    expect(JSON.parse((await test.cli(['reminders', 'pause', 'rem-wg-border-quarterly', '--json'])).stdout)).toEqual({
      id: 'rem-wg-border-quarterly',
      paused: true,
    });
    expect((await findReminder(test.db, 'rem-wg-border-quarterly'))?.paused).toBe(true);
    const listed = await test.cli(['reminders', 'list']);
    expect(listed.stdout).toContain('rem-wg-border-quarterly [paused]');
    expect(JSON.parse((await test.cli(['reminders', 'resume', 'rem-wg-border-quarterly', '--json'])).stdout)).toEqual({
      id: 'rem-wg-border-quarterly',
      paused: false,
    });
  });

  it('history shows sent, failed with the platform error, and skipped with the reason', async () => {
    const reminder = (await findReminder(test.db, 'rem-heads-monthly'))!;
    const [slack, teams] = planDeliveries(reminder, new Date('2026-12-09T16:00:00Z'), new Date('2026-12-09T00:00:00Z'));
    await claimDelivery(test.db, slack!, 'cli-test', new Date('2026-12-09T16:00:00Z'), 60_000);
    await markDeliveryFinished(
      test.db,
      (await deliveryHistory(test.db, reminder.id))[0]!.id,
      'cli-test',
      'failed',
      'slack: is_archived',
      new Date('2026-12-09T16:00:01Z'),
    );
    await recordSkippedDelivery(test.db, teams!, 'event started at 2026-12-10T15:00:00.000Z before …', new Date('2026-12-10T16:00:00Z'));
    const history = await test.cli(['reminders', 'history', 'rem-heads-monthly', '--json']);
    expect(history.code).toBe(0);
    const body = JSON.parse(history.stdout) as {
      deliveries: { status: string; error: string | null; platform: string; leadTime: string }[];
    };
    expect(body.deliveries.map((d) => [d.platform, d.leadTime, d.status, d.error])).toEqual(
      expect.arrayContaining([
        ['slack', '1d', 'failed', 'slack: is_archived'],
        ['teams', '1d', 'skipped', expect.stringContaining('event started')],
      ]),
    );
    const human = await test.cli(['reminders', 'history', 'rem-heads-monthly']);
    expect(human.stdout).toContain('failed — slack: is_archived');
  });

  describe('reminders run', () => {
    let server: RecordingServer;
    beforeAll(async () => {
      server = await startRecordingServer();
    });
    afterAll(async () => server.close());

    it(
      'runs the dispatcher alone: catches up on start, posts to Slack, stops cleanly on SIGTERM',
      async () => {
        const file = write(
          'every-minute.yaml',
          [
            'reminders:',
            '  - id: rem-minutely',
            '    title: Every minute',
            '    cron: "* * * * *"',
            '    timezone: America/New_York',
            '    lead_times: ["1m"]',
            '    message: "Starts {event_time} ({timezone}), in {lead_time}."',
            '    targets: { slack: [{ channel_id: C0FIXANNOUN }] }',
          ].join('\n'),
        );
        expect((await test.cli(['reminders', 'import', file])).code).toBe(0);
        // The reminder "existed" ten minutes ago, so the send for the coming minute is due now (catch-up).
        await test.db.query(`UPDATE reminders SET created_at = now() - interval '10 minutes' WHERE id = 'rem-minutely'`);
        if (test.backend === 'pglite') await test.db.close();
        const child = spawn(process.execPath, [fileURLToPath(new URL('../../bin/compact-bot.mjs', import.meta.url)), 'reminders', 'run'], {
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '',
            LOG_LEVEL: 'warn',
            ...test.env,
            SLACK_BOT_TOKEN: 'xoxb-test',
            SLACK_SIGNING_SECRET: 'test-secret',
            SLACK_API_URL: server.slackApiUrl,
            REMINDERS_TICK_SECONDS: '1',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline && !server.slackMessages.some((m) => m.channel === 'C0FIXANNOUN')) await sleep(100);
        child.kill('SIGTERM');
        expect(await exited, stderr).toBe(0);
        expect(stderr).toContain('Reminder dispatcher stopped.');
        if (test.backend === 'pglite') test.db = await openPgliteDatabase(test.env.DATA_DIR!);
        const posted = server.slackMessages.filter((m) => m.channel === 'C0FIXANNOUN');
        expect(posted.length).toBeGreaterThanOrEqual(1);
        expect(posted[0]?.text).toMatch(/^Starts \d{2}:\d{2} \(America\/New_York\), in 1 minute\.\nStarts .* UTC\)\.$/);
        const history = await deliveryHistory(test.db, 'rem-minutely');
        expect(history.filter((h) => h.status === 'sent').length).toBe(
          new Set(posted.map((m) => m.metadata?.event_payload.delivery_key)).size,
        );
      },
      SUBPROCESS_TIMEOUT,
    );
  });
});
