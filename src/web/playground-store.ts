import type { ConversationAddress, RoomMember, RosterReader } from '../core/conversation/roster-reader.js';
import type { ScopeRequest } from '../core/access/access-rule.js';
import type { ReminderDefinition } from '../core/reminders/reminder-definition.js';

/** A document in scope with what the page shows of it. */
export interface PlaygroundDocument {
  documentId: string;
  title: string;
  language: string;
  memberStateName: string | null;
  ownerEntityId: string;
  consentStatus: string | null;
}

/**
 * What the playground reads besides the conversation core: the directory to pick from, the scope
 * listing with its consent notes, the channel view's posts and the reminder previews. src/app
 * implements it over the queries (types only are named here).
 */
export interface PlaygroundStore {
  /** Members, groups and Member States to pick from (sent to the page as is). */
  directory(): Promise<object>;
  memberExists(memberId: string): Promise<boolean>;
  workingGroupExists(workingGroupId: string): Promise<boolean>;
  membersOfWorkingGroup(workingGroupId: string): Promise<string[]>;
  scopedDocuments(request: ScopeRequest): Promise<PlaygroundDocument[]>;
  /** The summaries posted to a group's playground channel (sent to the page as is). */
  channelPosts(workingGroupId: string): Promise<object[]>;
  reminders(): Promise<(ReminderDefinition & { paused: boolean })[]>;
}

/**
 * The playground's "channel" rosters: in local mode a group's channel is read by the group's members,
 * plus the guests the page adds (people outside the directory), so a newcomer sees the rule at work.
 * Kept in this process: the playground runs on one loopback replica.
 */
export interface PlaygroundRooms extends RosterReader {
  setGuest(workingGroupId: string, present: boolean): void;
  hasGuest(workingGroupId: string): boolean;
}

export function createPlaygroundRooms(membersOf: (workingGroupId: string) => Promise<string[]>): PlaygroundRooms {
  const guests = new Set<string>();
  return {
    async read(address: ConversationAddress) {
      const members: RoomMember[] = (await membersOf(address.conversationId)).map((id) => ({
        platformUserId: id,
        homeWorkspace: null,
        guest: false,
        bot: false,
      }));
      if (guests.has(address.conversationId))
        members.push({ platformUserId: 'guest:outside-the-directory', homeWorkspace: null, guest: true, bot: false });
      return { members, externallyShared: false };
    },
    setGuest(workingGroupId, present) {
      if (present) guests.add(workingGroupId);
      else guests.delete(workingGroupId);
    },
    hasGuest: (workingGroupId) => guests.has(workingGroupId),
  };
}
