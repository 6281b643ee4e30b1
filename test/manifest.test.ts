import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

const read = (path: string) => readFileSync(new URL(`../manifest/${path}`, import.meta.url));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buffer: Buffer): [number, number] {
  expect(buffer.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [buffer.readUInt32BE(16), buffer.readUInt32BE(20)];
}

describe('Teams app package', () => {
  const manifest = JSON.parse(read('teams/manifest.json').toString());

  it('has the icons Teams requires: color 192×192 and outline 32×32', () => {
    expect(pngSize(read(`teams/${manifest.icons.color}`))).toEqual([192, 192]);
    expect(pngSize(read(`teams/${manifest.icons.outline}`))).toEqual([32, 32]);
  });

  it('declares a bot for personal, team and group chats with at most 12 commands', () => {
    expect(manifest.manifestVersion).toMatch(/^1\.\d+$/);
    const bot = manifest.bots[0];
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    for (const list of bot.commandLists) expect(list.commands.length).toBeLessThanOrEqual(12);
  });
});

describe('Slack app manifest', () => {
  it('sends events, commands and interactivity to /slack/events', () => {
    const manifest = JSON.parse(read('slack-app-manifest.json').toString());
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.interactivity.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.features.slash_commands[0].command).toBe('/compact');
    expect(manifest.oauth_config.scopes.bot).toContain('chat:write');
  });
});
