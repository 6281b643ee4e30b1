import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { buildTeamsPackage, manifestValidator, TEAMS_MANIFEST_DIR } from '../../src/teams/teams-package.js';
import { runCli } from '../helpers/run-cli.js';

/** `compact-bot teams package`: a flat zip whose manifest passes our own schema of the manifest fields we use. */

const dir = mkdtempSync(path.join(os.tmpdir(), 'compact-teams-package-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
interface Manifest {
  id: string;
  validDomains: string[];
  bots: { botId: string; scopes: string[]; supportsFiles: boolean; commandLists: { commands: { title: string }[] }[] }[];
}
const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('teams package', () => {
  it('writes a flat zip: manifest valid against the schema, icons 192×192 and 32×32 (white on transparent)', async () => {
    const out = path.join(dir, 'compact-bot-teams.zip');
    const result = await runCli(['teams', 'package', '--app-id', APP_ID, '--host', 'bot.example.org', '--out', out]);
    expect(result.code).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(out)));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
    const validate = manifestValidator();
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]).toMatchObject({ botId: APP_ID, scopes: ['personal', 'team', 'groupChat'], supportsFiles: false });
    expect(manifest.bots[0]?.commandLists[0]?.commands.map((c) => c.title)).toEqual(['ask', 'summary', 'reminders', 'help']);
    expect(manifest.validDomains).toContain('bot.example.org');

    const color = PNG.sync.read(Buffer.from(files['color.png']!));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(Buffer.from(files['outline.png']!));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i], outline.data[i + 1], outline.data[i + 2], outline.data[i + 3]];
      if (a === 0) transparent += 1;
      else expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan(0);
  });

  it('refuses an app id that is not a GUID, exit code 2, writing nothing', async () => {
    const out = path.join(dir, 'bad.zip');
    const result = await runCli(['teams', 'package', '--app-id', 'not-a-guid', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--app-id');
    expect(() => readFileSync(out)).toThrow();
  });

  // Each breaks one documented Teams limit on an otherwise good manifest; the packager must refuse it and say where.
  type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const bad: [string, string, (m: Raw) => void][] = [
    ['a short name over 30 characters', '/name/short', (m) => (m.name.short = 'C'.repeat(31))],
    ['a bot id that is not a GUID', '/bots/0/botId', (m) => (m.bots[0].botId = 'compact-bot')],
    ['a bot scope Teams does not know', '/bots/0/scopes/1', (m) => (m.bots[0].scopes = ['personal', 'everywhere'])],
    [
      '11 commands in one list',
      '/bots/0/commandLists/0/commands',
      (m) => (m.bots[0].commandLists[0].commands = Array.from({ length: 11 }, (_, i) => ({ title: `c${i}`, description: 'd' }))),
    ],
    [
      'a command title over 32 characters',
      '/bots/0/commandLists/0/commands/0/title',
      (m) => (m.bots[0].commandLists[0].commands[0].title = 'a'.repeat(33)),
    ],
    [
      'a command description over 128 characters',
      '/bots/0/commandLists/0/commands/0/description',
      (m) => (m.bots[0].commandLists[0].commands[0].description = 'a'.repeat(129)),
    ],
    ['a valid domain with a scheme', '/validDomains/0', (m) => (m.validDomains = ['https://bot.example.org'])],
    ['a privacy URL that is not https', '/developer/privacyUrl', (m) => (m.developer.privacyUrl = 'http://example.org/privacy')],
    ['an accent colour without #', '/accentColor', (m) => (m.accentColor = '1F4E79')],
    ['a version that is not MAJOR.MINOR.PATCH', '/version', (m) => (m.version = '0.1')],
    ['a misspelt field', '', (m) => (m.validDomain = ['bot.example.org'])],
    ['no developer', '', (m) => delete m.developer],
  ];
  const good = () => JSON.parse(readFileSync(path.join(TEAMS_MANIFEST_DIR, 'manifest.json'), 'utf8')) as Raw;

  it('the shipped manifest passes our schema as it is', () => {
    const validate = manifestValidator();
    expect(validate(good()), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(bad)('the package is refused for %s (exit code 2, naming %s)', (_, where, breakIt) => {
    const manifest = good();
    breakIt(manifest);
    const validate = manifestValidator();
    expect(validate(manifest)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain(where);

    const manifestDir = path.join(mkdtempSync(path.join(dir, 'bad-')), path.sep);
    writeFileSync(path.join(manifestDir, 'manifest.json'), JSON.stringify(manifest));
    for (const icon of ['color.png', 'outline.png']) copyFileSync(path.join(TEAMS_MANIFEST_DIR, icon), path.join(manifestDir, icon));
    let thrown: unknown;
    try {
      buildTeamsPackage({ manifestDir });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'input.invalid', exitCode: 2 });
    expect((thrown as Error).message).toContain(`manifest.json${where}:`);
  });
});
