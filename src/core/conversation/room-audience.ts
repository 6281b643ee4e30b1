import type { ConversationDeps } from './conversation-service.js';
import type { ChatSurface, ConversationAddress, Roster } from './roster-reader.js';
import type { PrivateReason } from './turn.js';

/** Who reads a room, as far as the directory can tell: every reader's member id, or why nothing may go there. */
export type RoomAudience = { kind: 'readers'; readerIds: string[] } | { kind: 'private'; reason: PrivateReason };

const DEFAULT_ROSTER_TTL_MS = 60_000;

/**
 * Whether an identity's workspace (Slack team, Teams tenant) is one whose people the directory may
 * map. With a configured list, only those; without one, only the conversation's own workspace (the
 * one the bot is installed in): a directory row that names no workspace never maps a stranger's.
 */
export function workspaceAllowed(
  deps: Pick<ConversationDeps, 'workspaces'>,
  platform: ChatSurface,
  workspace: string | null,
  conversationWorkspace: string | null,
): boolean {
  if (platform === 'playground') return true;
  const listed = deps.workspaces[platform];
  const effective = workspace ?? conversationWorkspace;
  if (listed && listed.length > 0) return effective !== null && listed.includes(effective);
  return conversationWorkspace === null || effective === conversationWorkspace;
}

/** The member behind an identity, or null: unknown, or from a workspace the deployment does not list. */
export async function memberOfSpeaker(
  deps: Pick<ConversationDeps, 'workspaces' | 'store'>,
  platform: ChatSurface,
  workspace: string | null,
  userId: string,
  conversationWorkspace: string | null,
): Promise<string | null> {
  if (!workspaceAllowed(deps, platform, workspace, conversationWorkspace)) return null;
  return deps.store.memberOfIdentity(platform, workspace ?? conversationWorkspace, userId);
}

/** The room's roster: the shared cache while fresh, else the platform (then cached). Undefined when unreadable. */
async function rosterOf(deps: ConversationDeps, address: ConversationAddress): Promise<Roster | undefined> {
  const cached = await deps.store.cachedRoster(address, deps.rosterTtlMs ?? DEFAULT_ROSTER_TTL_MS);
  if (cached) return cached;
  const reader = deps.rosters[address.platform];
  if (!reader) return undefined;
  try {
    const roster = await reader.read(address);
    await deps.store.cacheRoster(address, roster);
    return roster;
  } catch (error) {
    deps.log?.warn(
      { err: error, platform: address.platform, conversation: address.conversationId },
      'room roster unreadable; answering privately',
    );
    return undefined;
  }
}

/**
 * Reads who is in a room and maps every human reader through the directory. Any reader the directory
 * does not know (a guest, someone from another workspace or tenant, anyone unmapped), a roster that
 * cannot be read, or one that lists nobody, means nothing from a document may go to the room.
 */
export async function readRoom(deps: ConversationDeps, address: ConversationAddress): Promise<RoomAudience> {
  const roster = await rosterOf(deps, address);
  const humans = roster?.members.filter((member) => !member.bot) ?? [];
  if (!roster || humans.length === 0) return { kind: 'private', reason: 'unreadable_roster' };
  const readerIds: string[] = [];
  for (const reader of humans) {
    const memberId = await memberOfSpeaker(deps, address.platform, reader.homeWorkspace, reader.platformUserId, address.workspace);
    if (memberId === null) return { kind: 'private', reason: 'outsiders' };
    readerIds.push(memberId);
  }
  return { kind: 'readers', readerIds: [...new Set(readerIds)] };
}
