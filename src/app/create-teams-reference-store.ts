import type { Queryable } from '../db/database.js';
import {
  findConversationReference,
  findPersonalReference,
  findTeamReference,
  listTeamChannelIds,
  markReferenceStale,
  saveConversationReference,
} from '../db/queries/teams-conversation-references.js';
import type { TeamsReferenceStore } from '../teams/teams-reference-store.js';

/** The Teams adapter's reference store over teams_conversation_references. */
export function createTeamsReferenceStore(db: Queryable): TeamsReferenceStore {
  return {
    save: (ref) => saveConversationReference(db, ref),
    find: (conversationId) => findConversationReference(db, conversationId),
    findPersonal: (tenantId, aadObjectId) => findPersonalReference(db, tenantId, aadObjectId),
    findTeam: (teamId, channelId) => findTeamReference(db, teamId, channelId),
    markStale: (conversationId, reason) => markReferenceStale(db, conversationId, reason),
    channelsOfTeam: (teamIds) => listTeamChannelIds(db, teamIds),
  };
}
