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

describe('Slack app manifests', () => {
  const http = JSON.parse(read('slack/manifest.json').toString());
  const socket = JSON.parse(read('slack/manifest.socket-mode.json').toString());

  it('sends events, commands and interactivity to /slack/events over HTTP', () => {
    expect(http.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    expect(http.settings.interactivity.request_url).toMatch(/\/slack\/events$/);
    expect(http.features.slash_commands[0].url).toMatch(/\/slack\/events$/);
    expect(http.settings.socket_mode_enabled).toBe(false);
  });

  it('has no request URLs in Socket Mode', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.settings.event_subscriptions.request_url).toBeUndefined();
    expect(socket.settings.interactivity).toEqual({ is_enabled: true });
    expect(socket.features.slash_commands[0].url).toBeUndefined();
  });

  it.each([
    ['HTTP', http],
    ['Socket Mode', socket],
  ])('%s: the command, App Home, the assistant surface and the scopes and events the bot uses', (_mode, manifest) => {
    expect(manifest.features.slash_commands[0].command).toBe('/compact');
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.features.assistant_view).toBeDefined();
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['chat:write', 'commands', 'app_mentions:read', 'assistant:write', 'im:history', 'channels:history']),
    );
    // Who reads a room (issue 19.2): conversations.members/info and users.info, and the events that change it.
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['channels:read', 'groups:read', 'mpim:read', 'im:read', 'users:read']),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['member_joined_channel', 'member_left_channel', 'channel_shared', 'channel_unshared']),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_mention', 'message.im', 'message.channels', 'app_home_opened', 'assistant_thread_started']),
    );
  });
});
