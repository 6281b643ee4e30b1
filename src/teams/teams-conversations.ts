import { TurnContext, type Activity, type ConversationParameters, type ConversationReference } from 'botbuilder';
import { teamsChannelData, tenantOf } from './teams-activity.js';
import type { Asker, TeamsBotDeps } from './teams-bot-deps.js';
import { connectorCodeOf, describeError, statusOf } from './teams-errors.js';

/** Conversations the bot reaches beyond the current turn: stored references, the asker's 1:1 chat, new channel threads. */

export async function saveReference(
  deps: Pick<TeamsBotDeps, 'references'>,
  activity: Partial<Activity>,
  overrides: { conversationType?: string; aadObjectId?: string } = {},
): Promise<void> {
  const reference = TurnContext.getConversationReference(activity) as Partial<ConversationReference>;
  if (!reference.conversation?.id) return;
  if (overrides.conversationType) reference.conversation = { ...reference.conversation, conversationType: overrides.conversationType };
  const { teamId, channelId } = teamsChannelData(activity);
  await deps.references.save({
    conversationId: reference.conversation.id,
    tenantId: tenantOf(activity) || null,
    teamId: teamId ?? null,
    channelId: channelId ?? null,
    aadObjectId: overrides.aadObjectId ?? activity.from?.aadObjectId ?? null,
    reference,
  });
}

/** Marks a conversation's reference stale when the connector says the bot may not post there. */
export async function noteFailure(deps: Pick<TeamsBotDeps, 'references'>, conversationId: string, error: unknown): Promise<void> {
  if (statusOf(error) === 403) {
    await deps.references.markStale(conversationId, connectorCodeOf(error) ?? 'Forbidden').catch(() => undefined);
  }
}

/**
 * Runs `logic` in the asker's 1:1 chat: the stored personal reference when there is a usable one,
 * otherwise a new 1:1 conversation. Errors inside the logic are caught here (the adapter would
 * swallow them) and rethrown to the caller.
 */
export async function inPersonalChat(
  deps: TeamsBotDeps,
  context: TurnContext,
  asker: Asker,
  logic: (personal: TurnContext) => Promise<void>,
): Promise<void> {
  let failure: unknown;
  const guarded = async (personal: TurnContext) => {
    // A new message in the chat, not a reply to the activity the turn was built from.
    personal.activity.id = undefined as unknown as string;
    try {
      await logic(personal);
    } catch (error) {
      failure = error;
    }
  };
  const stored = asker.aadObjectId ? await deps.references.findPersonal(asker.tenantId, asker.aadObjectId) : undefined;
  if (stored) {
    await deps.adapter.continueConversationAsync(deps.appId, stored.reference as Partial<ConversationReference>, guarded);
    if (failure) await noteFailure(deps, stored.conversationId, failure);
  } else {
    const activity = context.activity;
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: activity.recipient,
      members: [activity.from],
      ...(asker.tenantId ? { tenantId: asker.tenantId, channelData: { tenant: { id: asker.tenantId } } } : {}),
    } as ConversationParameters;
    await deps.adapter.createConversationAsync(deps.appId, 'msteams', activity.serviceUrl, '', parameters, async (created) => {
      // The new chat's reference, kept as personal so the next private answer reuses it.
      const reference = { ...created.activity, from: activity.from, serviceUrl: activity.serviceUrl };
      await saveReference(deps, reference, {
        conversationType: 'personal',
        ...(asker.aadObjectId ? { aadObjectId: asker.aadObjectId } : {}),
      }).catch((error: unknown) => deps.logger.warn({ err: describeError(error) }, 'storing the new 1:1 reference failed'));
      await guarded(created);
    });
  }
  if (failure) throw failure;
}

/** Starts a new thread in a Teams channel (what TeamsInfo.sendMessageToTeamsChannel does on CloudAdapter). */
export async function startChannelThread(
  deps: TeamsBotDeps,
  context: TurnContext,
  channel: { teamId: string | null; channelId: string },
  activity: Partial<Activity>,
): Promise<{ conversationId: string; activityId: string }> {
  const stored = await deps.references.findTeam(channel.teamId ?? '', channel.channelId);
  const reference = stored?.reference as Partial<ConversationReference> | undefined;
  const serviceUrl = reference?.serviceUrl ?? context.activity.serviceUrl;
  const tenantId = reference?.conversation?.tenantId ?? tenantOf(context.activity);
  const parameters = {
    isGroup: true,
    bot: context.activity.recipient,
    channelData: { channel: { id: channel.channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
    activity,
    ...(tenantId ? { tenantId } : {}),
  } as ConversationParameters;
  // TeamsInfo.sendMessageToTeamsChannel calls exactly this on a CloudAdapter, but only with a
  // non-empty app id (else it falls back to an API CloudAdapter lacks); calling it directly keeps
  // one path for local runs and production. The new thread's conversation id ends in
  // ";messageid=<activity id>".
  let conversationId = '';
  await deps.adapter.createConversationAsync(deps.appId, 'msteams', serviceUrl, '', parameters, async (created) => {
    conversationId = created.activity.conversation.id;
    await saveReference(deps, { ...created.activity, serviceUrl, channelData: parameters.channelData }).catch(() => undefined);
  });
  const activityId = /;messageid=(.+)$/.exec(conversationId)?.[1] ?? conversationId;
  return { conversationId, activityId };
}
