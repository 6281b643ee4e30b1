import { TeamsInfo, type ConversationReference, type TeamsChannelAccount, type TurnContext } from 'botbuilder';
import type { ConversationAddress, Roster, RoomMember, RosterReader } from '../core/conversation/roster-reader.js';
import type { TeamsCloudAdapter } from './teams-cloud-adapter.js';

/**
 * Who reads a Teams conversation: the channel's or chat's members as the Bot Connector lists them
 * (TeamsInfo.getPagedMembers on the conversation: a standard channel's roster is its team's, a
 * private or shared channel's its own). Each reader is a `(tenant, aadObjectId)`; Teams' `userRole:
 * 'guest'` marks guests. Any failure rejects, and the core then answers privately.
 */

/** Teams' own limit for one page of members. */
const PAGE_SIZE = 500;
/** A roster longer than this is not read to the end; refusing is safer than guessing. */
const MAX_PAGES = 40;

export interface TeamsRosterReaderOptions {
  adapter: TeamsCloudAdapter;
  appId: string;
  /** The stored reference of the conversation (or of the channel's team), for its service URL; undefined: never seen. */
  referenceFor(conversationId: string): Promise<Partial<ConversationReference> | undefined>;
}

export function toRoomMember(member: TeamsChannelAccount, conversationTenant: string | null): RoomMember {
  return {
    // A member without an AAD object id cannot be mapped to the directory: the core treats '' as unknown.
    platformUserId: member.aadObjectId ?? '',
    homeWorkspace: member.tenantId ?? conversationTenant,
    guest: member.userRole === 'guest',
    // The Connector lists people; bots (28:…) appear only in some chats.
    bot: member.id.startsWith('28:'),
  };
}

async function readAllPages(context: TurnContext): Promise<TeamsChannelAccount[]> {
  const members: TeamsChannelAccount[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await TeamsInfo.getPagedMembers(context, PAGE_SIZE, token);
    members.push(...(result.members ?? []));
    token = result.continuationToken || undefined;
    if (!token) return members;
  }
  throw new Error(`teams: roster longer than ${MAX_PAGES * PAGE_SIZE} members, not read`);
}

export function createTeamsRosterReader(options: TeamsRosterReaderOptions): RosterReader {
  return {
    async read(address: ConversationAddress): Promise<Roster> {
      const stored = await options.referenceFor(address.conversationId);
      if (!stored?.serviceUrl) throw new Error('teams: no conversation reference for this room; its roster cannot be read');
      // The room itself, not the thread the reference was stored from.
      const reference = {
        ...stored,
        conversation: { ...stored.conversation, id: address.conversationId },
      } as Partial<ConversationReference>;
      let accounts: TeamsChannelAccount[] | undefined;
      let failure: unknown;
      await options.adapter.continueConversationAsync(options.appId, reference, async (context) => {
        try {
          accounts = await readAllPages(context);
        } catch (error) {
          failure = error;
        }
      });
      if (failure !== undefined || !accounts) throw failure ?? new Error('teams: the roster turn did not run');
      const tenant = address.workspace ?? stored.conversation?.tenantId ?? null;
      const members = accounts.map((account) => toRoomMember(account, tenant));
      return {
        members,
        // A shared channel lists people of other tenants; the core refuses them unless the deployment lists their tenant.
        externallyShared: members.some((m) => !m.bot && m.homeWorkspace !== null && tenant !== null && m.homeWorkspace !== tenant),
      };
    },
  };
}
