/**
 * Where the Teams adapter keeps botbuilder conversation references (service URL, tenant, team of a
 * conversation), captured from incoming activities: proactive posts need one. A port: the
 * composition root implements it over the database, so the adapter holds no SQL.
 */
export interface StoredTeamsReference {
  conversationId: string;
  tenantId: string | null;
  teamId: string | null;
  channelId: string | null;
  aadObjectId: string | null;
  /** botbuilder's ConversationReference as JSON. */
  reference: Record<string, unknown>;
  /** Set when the Bot Connector refused the conversation with 403; such a reference is not used. */
  staleAt: Date | null;
}

export interface TeamsReferenceStore {
  save(ref: {
    conversationId: string;
    tenantId: string | null;
    teamId: string | null;
    channelId: string | null;
    aadObjectId: string | null;
    reference: object;
  }): Promise<void>;
  find(conversationId: string): Promise<StoredTeamsReference | undefined>;
  /** The member's newest usable 1:1 chat with the bot. */
  findPersonal(tenantId: string, aadObjectId: string): Promise<StoredTeamsReference | undefined>;
  /** A usable reference for a channel (or, failing that, any of its team's). */
  findTeam(teamId: string, channelId: string): Promise<StoredTeamsReference | undefined>;
  markStale(conversationId: string, reason: string): Promise<void>;
  /** Every channel of a team (by its thread id or AAD group id) the bot has seen or the directory registers. */
  channelsOfTeam(teamIds: readonly string[]): Promise<string[]>;
}
