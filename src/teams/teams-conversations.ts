import { TurnContext, type Activity, type ChannelAccount, type ConversationParameters, type ConversationReference } from 'botbuilder';
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
  asker: Asker & { account?: ChannelAccount },
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
    // Someone else than the turn's speaker (a chair told of a co-chair's act) is named by their AAD object id.
    const member = asker.account ?? activity.from;
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: activity.recipient,
      members: [member],
      ...(asker.tenantId ? { tenantId: asker.tenantId, channelData: { tenant: { id: asker.tenantId } } } : {}),
    } as ConversationParameters;
    await deps.adapter.createConversationAsync(deps.appId, 'msteams', activity.serviceUrl, '', parameters, async (created) => {
      // The new chat's reference, kept as personal so the next private answer reuses it.
      const reference = { ...created.activity, from: member, serviceUrl: activity.serviceUrl };
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

/** The asker's 1:1 chat, opened once per turn (proactively) and held open until the turn ends. */
export function personalSession(deps: TeamsBotDeps, context: TurnContext) {
  let opened: Promise<TurnContext> | undefined;
  let release: () => void = () => undefined;
  let finished: Promise<void> = Promise.resolve();
  const asker = { tenantId: tenantOf(context.activity), aadObjectId: context.activity.from?.aadObjectId };
  return {
    open(): Promise<TurnContext> {
      opened ??= new Promise<TurnContext>((resolve, reject) => {
        const done = new Promise<void>((r) => (release = r));
        finished = inPersonalChat(deps, context, asker, async (personal) => {
          resolve(personal);
          await done;
        }).catch((error: unknown) => reject(error));
      });
      return opened;
    },
    async close() {
      release();
      await finished;
    },
  };
}

/** Runs `logic` in a conversation the turn is not in, through its stored reference (or its channel's); a 403 marks it stale. */
export async function inConversation<T>(
  deps: TeamsBotDeps,
  conversationId: string,
  channelId: string,
  logic: (context: TurnContext) => Promise<T>,
): Promise<T> {
  const stored = (await deps.references.find(conversationId)) ?? (await deps.references.findTeam('', channelId));
  if (!stored || stored.staleAt) throw new Error('teams: no usable conversation reference for the conversation');
  const reference = { ...stored.reference, conversation: { ...(stored.reference.conversation as object), id: conversationId } };
  let result: T | undefined;
  let failure: unknown;
  await deps.adapter.continueConversationAsync(deps.appId, reference as Partial<ConversationReference>, async (context) => {
    try {
      result = await logic(context);
    } catch (error) {
      failure = error;
    }
  });
  if (failure) {
    await noteFailure(deps, stored.conversationId, failure);
    throw failure;
  }
  return result as T;
}

/** Posts into a channel: into the thread named, else as a new thread (an approved summary). */
export async function postInChannel(
  deps: TeamsBotDeps,
  context: TurnContext,
  to: { address: { conversationId: string }; threadId?: string },
  activity: Partial<Activity>,
): Promise<{ messageId?: string; threadId: string }> {
  const channelId = to.address.conversationId;
  if (!to.threadId) {
    const thread = await startChannelThread(deps, context, { teamId: null, channelId }, activity);
    return { messageId: thread.activityId, threadId: thread.activityId };
  }
  const response = await inConversation(deps, `${channelId};messageid=${to.threadId}`, channelId, (c) => c.sendActivity(activity));
  return { ...(response?.id ? { messageId: response.id } : {}), threadId: to.threadId };
}

/**
 * Tells another member something in their 1:1 chat with the bot: the stored one, or a new one opened
 * with their AAD object id in their tenant (a chair who has never written to the bot is still told).
 */
export async function sendToMember(
  deps: TeamsBotDeps,
  context: TurnContext,
  to: { workspace: string | null; platformUserId: string },
  activity: Partial<Activity>,
): Promise<void> {
  const tenantId = to.workspace ?? tenantOf(context.activity);
  const member = { tenantId, aadObjectId: to.platformUserId, account: { id: to.platformUserId, aadObjectId: to.platformUserId, name: '' } };
  await inPersonalChat(deps, context, member, async (personal) => {
    await personal.sendActivity(activity);
  });
}
