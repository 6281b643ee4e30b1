import type { WebClient } from '@slack/web-api';
import type { RoomMember, Roster, RosterReader } from '../core/conversation/roster-reader.js';

/** Pages of conversations.members read at most (200 each): a bigger room is treated as unreadable. */
const MAX_PAGES = 50;

/**
 * Who reads a Slack conversation: conversations.info (is_ext_shared: Slack Connect),
 * conversations.members (cursor-paged: every member, external ones included) and users.info for each
 * (is_bot, is_restricted / is_ultra_restricted guests, and the home team_id). Any failure (missing
 * scope, API error, rate limit) rejects, and the core answers privately.
 */
export function createSlackRosterReader(client: WebClient): RosterReader {
  return {
    async read(address): Promise<Roster> {
      const channel = address.conversationId;
      const info = await client.conversations.info({ channel });
      const c = info.channel as { is_ext_shared?: boolean; is_shared?: boolean; is_org_shared?: boolean } | undefined;
      if (!c) throw new Error('conversations.info returned no channel');
      const ids = await memberIds(client, channel);
      const members: RoomMember[] = [];
      for (const user of ids) members.push(await roomMember(client, user));
      return { members, externallyShared: Boolean(c.is_ext_shared) };
    },
  };
}

async function memberIds(client: WebClient, channel: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const response = await client.conversations.members({ channel, limit: 200, ...(cursor ? { cursor } : {}) });
    if (!Array.isArray(response.members)) throw new Error('conversations.members returned no member list');
    ids.push(...response.members);
    cursor = response.response_metadata?.next_cursor || undefined;
    if (!cursor) return ids;
  }
  throw new Error(`conversations.members: more than ${MAX_PAGES} pages`);
}

async function roomMember(client: WebClient, user: string): Promise<RoomMember> {
  const response = await client.users.info({ user });
  const u = response.user as
    | { id?: string; team_id?: string; is_bot?: boolean; is_app_user?: boolean; is_restricted?: boolean; is_ultra_restricted?: boolean }
    | undefined;
  if (!u) throw new Error('users.info returned no user');
  return {
    platformUserId: user,
    homeWorkspace: u.team_id ?? null,
    guest: Boolean(u.is_restricted || u.is_ultra_restricted),
    bot: Boolean(u.is_bot || user === 'USLACKBOT'),
  };
}
