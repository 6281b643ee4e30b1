import type { Activity } from 'botbuilder';
import { findMemberIdByIdentity } from '../db/queries/directory.js';
import { findTeamsChannel } from '../db/queries/teams-channels.js';
import type { Database } from '../db/database.js';
import { languageOf, teamsChannelData, tenantOf } from './teams-activity.js';
import type { Asker, Scope, TeamsBotDeps } from './teams-bot-deps.js';

export async function identify(deps: Pick<TeamsBotDeps, 'db' | 'rooms'>, activity: Partial<Activity>): Promise<Asker> {
  const tenantId = tenantOf(activity);
  const aadObjectId = activity.from?.aadObjectId;
  // Never the `29:` id: it is per-bot and changes; the AAD object id is the person.
  // Only tenants the deployment lists map to members: a tenant from anywhere is an unknown identity.
  const mappable = aadObjectId !== undefined && deps.rooms.tenantAllowed(tenantId || null, tenantId || null);
  const memberId = mappable ? ((await findMemberIdByIdentity(deps.db, 'teams', tenantId, aadObjectId)) ?? null) : null;
  return { tenantId, aadObjectId, memberId, language: languageOf(activity) };
}

export async function scopeOf(db: Database, activity: Partial<Activity>): Promise<Scope> {
  const type = activity.conversation?.conversationType;
  if (type === 'personal') return { kind: 'personal' };
  if (type === 'channel') {
    const { channelId } = teamsChannelData(activity);
    const registered = channelId ? await findTeamsChannel(db, channelId) : undefined;
    if (registered?.workingGroupId) return { kind: 'wg-channel', workingGroupId: registered.workingGroupId };
  }
  return { kind: 'private-elsewhere' };
}
