import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { manifestValidator } from '../../src/teams/teams-package.js';
import { runCli } from '../helpers/run-cli.js';

/** `compact-bot teams package`: a flat zip whose manifest passes the vendored official schema. */

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

  it('the vendored schema rejects what Teams would reject (a bot with an unknown scope)', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../manifest/teams/manifest.json', import.meta.url), 'utf8')) as Manifest;
    manifest.bots[0]!.scopes = ['personal', 'everywhere'];
    expect(manifestValidator()(manifest)).toBe(false);
  });
});
