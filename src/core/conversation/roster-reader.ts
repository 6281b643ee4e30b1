/**
 * Who is in a conversation, as the platform lists it (issue 19.2: the room is the audience). Each
 * adapter implements RosterReader over its platform's API; the core decides what the roster means.
 */

/** The chat surfaces a conversation can live on. */
export type ChatSurface = 'slack' | 'teams' | 'playground';

/** One reader of a conversation as the platform lists it. */
export interface RoomMember {
  /** Slack user id (U…/W…); Teams: the member's aadObjectId; playground: a directory member id. */
  platformUserId: string;
  /** Home workspace (Slack team_id) or tenant (Teams tenantId) of that member, when the platform says. */
  homeWorkspace: string | null;
  /** Slack is_restricted / is_ultra_restricted; Teams userRole === 'guest'. */
  guest: boolean;
  /** Bots (our own bot included) read nothing that matters and are left out of the audience. */
  bot: boolean;
}

export interface Roster {
  members: RoomMember[];
  /** Slack Connect (is_ext_shared) or a Teams shared channel: readers from outside may come and go. */
  externallyShared: boolean;
}

/** A conversation on one platform: a channel, a group chat or a DM. */
export interface ConversationAddress {
  platform: ChatSurface;
  /** Slack team_id / Teams tenant id (or team id) of the conversation, when known. */
  workspace: string | null;
  /** Slack channel id; Teams conversation id (a channel's, without ;messageid=); playground: the working group's id. */
  conversationId: string;
}

/** Implemented by each adapter. Rejects (any error) when the roster cannot be read: the core fails closed. */
export interface RosterReader {
  read(address: ConversationAddress): Promise<Roster>;
}

/** A stable key for one conversation (roster cache, share claims). */
export function addressKey(address: ConversationAddress): string {
  return `${address.platform}:${address.conversationId}`;
}
