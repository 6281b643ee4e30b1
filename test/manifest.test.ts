import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { message } from '../src/core/messages/index.js';

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
  const json = (path: string) => JSON.parse(read(path).toString()) as Manifest;
  const http = json('slack/manifest.json');
  const socket = json('slack/manifest.socket-mode.json');
  const legacy = json('slack/manifest-assistant-view.json');
  // strictTypes off: the cross-field if/then rules name no type (the properties they test have theirs).
  const validate = new Ajv({ allErrors: true, strictTypes: false }).compile(
    JSON.parse(read('slack/manifest.schema.json').toString()) as object,
  );
  const problems = (manifest: unknown) => (validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  const copy = (manifest: Manifest) => structuredClone(manifest);

  it.each([
    ['agent view over HTTP', http],
    ['agent view in Socket Mode', socket],
    ['legacy assistant view over HTTP', legacy],
  ])('%s passes our schema of the manifest', (_name, manifest) => {
    expect(problems(manifest)).toEqual([]);
  });

  it('new apps get the agent view (the Messages tab) without the assistant container’s events; the legacy manifest keeps them', () => {
    for (const manifest of [http, socket]) {
      expect(manifest.features.agent_view?.agent_description).toBeTruthy();
      expect(manifest.features.assistant_view).toBeUndefined();
      // agent_session_stopped: Slack's Stop button (without it Slack shows a loading indicator that cannot be stopped).
      expect(manifest.settings.event_subscriptions.bot_events).toEqual(
        expect.arrayContaining(['app_home_opened', 'message.im', 'agent_session_stopped']),
      );
      expect(manifest.settings.event_subscriptions.bot_events).not.toContain('assistant_thread_started');
    }
    expect(legacy.features.agent_view).toBeUndefined();
    expect(legacy.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['assistant_thread_started', 'assistant_thread_context_changed', 'message.im']),
    );
  });

  it('the legacy manifest differs from the agent one only in the AI surface and its events', () => {
    const strip = (manifest: Manifest) => {
      const { agent_view: _a, assistant_view: _b, ...features } = manifest.features;
      const events = manifest.settings.event_subscriptions.bot_events.filter(
        (e) => !['assistant_thread_started', 'assistant_thread_context_changed', 'agent_session_stopped'].includes(e),
      );
      return {
        ...manifest,
        features,
        settings: { ...manifest.settings, event_subscriptions: { ...manifest.settings.event_subscriptions, bot_events: events } },
      };
    };
    expect(strip(legacy)).toEqual(strip(http));
  });

  it('suggests the prompts the bot itself sets in the Messages tab (English catalogue)', () => {
    const catalogue = (['slack.prompt_help', 'slack.prompt_needs', 'slack.prompt_recommendations'] as const).map((key) =>
      message(key, 'en'),
    );
    for (const manifest of [http, socket]) {
      const prompts = manifest.features.agent_view?.suggested_prompts ?? [];
      expect(prompts.length).toBeGreaterThan(0);
      for (const prompt of prompts) expect(catalogue).toContain(prompt.message);
    }
  });

  it.each([
    ['HTTP', http],
    ['Socket Mode', socket],
    ['legacy', legacy],
  ])('%s: every event it subscribes to has the scope Slack requires for it, and it may read who is in a room', (_name, manifest) => {
    const needs: Record<string, string> = {
      app_mention: 'app_mentions:read',
      'message.im': 'im:history',
      'message.channels': 'channels:history',
      'message.groups': 'groups:history',
    };
    // Who reads a room (issue 19.2): conversations.members/info and users.info, and the events that change it.
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['channels:read', 'groups:read', 'mpim:read', 'im:read', 'users:read']),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['member_joined_channel', 'member_left_channel', 'channel_shared', 'channel_unshared']),
    );
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      if (needs[event]) expect(manifest.oauth_config.scopes.bot, event).toContain(needs[event]);
    }
    expect(manifest.features.slash_commands[0]?.command).toBe('/compact');
  });

  it('rejects both surfaces at once, the assistant events on the agent view, a legacy manifest without them, five prompts and a misspelt field', () => {
    const both = copy(http);
    both.features.assistant_view = { assistant_description: 'x' };
    expect(problems(both).join('\n')).toMatch(/^\/features must match exactly one schema/m);

    const agentWithAssistantEvents = copy(http);
    agentWithAssistantEvents.settings.event_subscriptions.bot_events.push('assistant_thread_started');
    expect(problems(agentWithAssistantEvents).join('\n')).toMatch(/^\/settings\/event_subscriptions\/bot_events must NOT be valid/m);

    const legacyWithout = copy(legacy);
    legacyWithout.settings.event_subscriptions.bot_events = legacyWithout.settings.event_subscriptions.bot_events.filter(
      (e) => e !== 'assistant_thread_started',
    );
    expect(problems(legacyWithout).join('\n')).toMatch(/^\/settings\/event_subscriptions\/bot_events must contain/m);

    const fivePrompts = copy(http);
    const prompt = { title: 'Hello', message: 'Hello' };
    fivePrompts.features.agent_view = { agent_description: 'x', suggested_prompts: [prompt, prompt, prompt, prompt, prompt] };
    expect(problems(fivePrompts).join('\n')).toMatch(/^\/features\/agent_view\/suggested_prompts must NOT have more than 4 items/m);

    const misspelt = copy(http) as Manifest & { features: Record<string, unknown> };
    misspelt.features.agent_veiw = misspelt.features.agent_view;
    expect(problems(misspelt).join('\n')).toMatch(/^\/features must NOT have additional properties/m);

    const socketWithUrl = copy(socket);
    socketWithUrl.settings.event_subscriptions.request_url = 'https://YOUR-HOST/slack/events';
    expect(problems(socketWithUrl).join('\n')).toMatch(/^\/settings\/event_subscriptions must NOT be valid/m);
  });
});

interface Manifest {
  features: {
    agent_view?: { agent_description: string; suggested_prompts?: { title: string; message: string }[] };
    assistant_view?: { assistant_description: string };
    slash_commands: { command: string; url?: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url?: string; bot_events: string[] }; socket_mode_enabled: boolean };
}
