import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/db/queries/directory.js';
import { findReminder } from '../../src/db/queries/reminders.js';
import { loadDirectoryFile } from '../../src/ingest/load-directory-file.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

// Issue 10, items 2 and 7: reminder targets must be in the directory; `preview` of a reminder whose
// events are closer together than its lead times still shows the next send.

const directoryFile = fileURLToPath(new URL('../fixtures/directory/valid.yaml', import.meta.url));
const CLI_TIMEOUT = 240_000;

let test: TestDatabase;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-reminder-targets-'));
const write = (name: string, lines: string[]) => {
  const file = path.join(tmp, name);
  writeFileSync(file, lines.join('\n'));
  return file;
};
const reminder = (id: string, extra: string[], targets: string) => [
  `  - id: ${id}`,
  '    title: A meeting',
  '    cron: "* * * * *"',
  '    timezone: America/New_York',
  '    lead_times: ["7d", "1d"]',
  '    message: "On {event_date} at {event_time}, in {lead_time}."',
  ...extra,
  `    targets: ${targets}`,
];

beforeAll(async () => {
  test = await createTestDatabase();
  await importDirectory(test.db, loadDirectoryFile(directoryFile));
});
afterAll(async () => {
  await test.drop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('reminders import checks targets against the directory', () => {
  it(
    'rejects an unknown Slack channel, Teams channel and working group, with line, reminder and field; imports nothing',
    async () => {
      const file = write('unknown-targets.yaml', [
        'reminders:',
        ...reminder('rem-fine', ['    working_group: wg-alpha'], '{ slack: [{ channel_id: C0ALPHA0001 }] }'),
        ...reminder('rem-bad-slack', [], '{ slack: [{ channel_id: C0ALPHA0001 }, { channel_id: C0NOTTHERE1 }] }'),
        ...reminder(
          'rem-bad-teams',
          [],
          '{ teams: [{ team_id: "aaaaaaaa-0000-4000-8000-000000000001", channel_id: "19:nope@thread.tacv2" }] }',
        ),
        ...reminder('rem-bad-wg', ['    working_group: wg-nope'], '{ slack: [{ channel_id: C0ALPHA0001 }] }'),
      ]);
      const result = await test.cli(['reminders', 'import', file]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain('nothing was imported');
      expect(result.stderr).toMatch(
        /unknown-targets\.yaml \(line \d+\): reminder rem-bad-slack, field targets\.slack\[1\]\.channel_id: Slack channel C0NOTTHERE1 is not in the directory/,
      );
      expect(result.stderr).toMatch(
        /reminder rem-bad-teams, field targets\.teams\[0\]\.channel_id: Teams channel 19:nope@thread\.tacv2 is not in the directory/,
      );
      expect(result.stderr).toMatch(/\(line 30\): reminder rem-bad-wg, field working_group: unknown working group 'wg-nope'/);
      expect(result.stderr).not.toContain('rem-fine');
      expect(await findReminder(test.db, 'rem-fine')).toBeUndefined();
    },
    CLI_TIMEOUT,
  );

  it(
    'imports known targets, and preview of a "* * * * *" reminder with 7d/1d lead times shows the next send',
    async () => {
      const file = write('minutely.yaml', [
        'reminders:',
        ...reminder('rem-minutely-7d', ['    working_group: wg-alpha'], '{ slack: [{ channel_id: C0ALPHA0001 }] }'),
      ]);
      const imported = await test.cli(['reminders', 'import', file]);
      expect(imported.code, imported.stderr).toBe(0);
      const before = Date.now();
      const preview = await test.cli(['reminders', 'preview', 'rem-minutely-7d', '--json']);
      expect(preview.code, preview.stderr).toBe(0);
      const info = JSON.parse(preview.stdout) as { leadTime: string; sendUtc: string; eventUtc: string; text: string };
      expect(info.leadTime).toBe('1d');
      const sendAt = Date.parse(info.sendUtc);
      // The next send is within a minute or so of now, for the event one day ahead.
      expect(sendAt).toBeGreaterThan(before);
      expect(sendAt - before).toBeLessThan(5 * 60_000);
      expect(Date.parse(info.eventUtc) - sendAt).toBe(24 * 3_600_000);
      expect(info.text).toContain('in 1 day');
    },
    CLI_TIMEOUT,
  );
});
