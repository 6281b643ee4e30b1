import {
  ActivityTypes,
  type Activity,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import type { AnswerService, AnsweredQuestion } from '../app/create-answer-service.js';
import type { SummaryService } from '../app/create-summary-service.js';
import { languageFromLocale, message } from '../core/messages/index.js';
import type { AskContext } from '../core/types.js';
import type { Database } from '../db/database.js';
import { recordFeedback } from '../db/queries/answer-feedback.js';
import { listScopedDocumentIds } from '../db/queries/access-scope.js';
import { findAuditEntry } from '../db/queries/audit-trail.js';
import { findMemberIdByIdentity, findMemberProfile } from '../db/queries/directory.js';
import { findPostedMessage, recordPostedMessage } from '../db/queries/posted-messages.js';
import { claimProcessedEvent } from '../db/queries/processed-events.js';
import { listReminders } from '../db/queries/reminders.js';
import {
  findConversationReference,
  findPersonalReference,
  findTeamReference,
  markReferenceStale,
  saveConversationReference,
} from '../db/queries/teams-conversation-references.js';
import {
  findMemberStateId,
  findTeamsChannel,
  findTeamsChannelOfGroup,
  findWorkingGroupId,
  groupsChairedBy,
} from '../db/queries/teams-channels.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { metrics } from '../observability/metrics.js';
import { asAttachment, noticeCard, postToChannelCard, summaryDraftCard, welcomeCard, type CardVerb } from './render-cards.js';
import { renderAnswer, type RenderedAnswer } from './render-answer.js';

/**
 * The Teams bot: one turn handler for every activity /api/messages receives. It translates Teams
 * (conversation types, mentions, cards, invokes) into calls on the answer and summary services and
 * holds no rules of its own: scope comes from the directory (who, which channel belongs to which
 * working group) and is enforced in SQL by the services.
 */

export interface TeamsBotOptions {
  db: Database;
  adapter: CloudAdapter;
  /** '' when authentication is off (local runs and tests). */
  appId: string;
  answer: AnswerService;
  summaries: SummaryService;
  logger: Logger;
  /** True when a chat model streams answers: 1:1 answers stream, others post once. */
  streaming: boolean;
  /** Minimum gap between streaming updates (Teams accepts about one a second). */
  streamIntervalMs?: number;
}

export interface TeamsBot {
  handle(context: TurnContext): Promise<void>;
}

type Scope = { kind: 'personal' } | { kind: 'wg-channel'; workingGroupId: string } | { kind: 'private-elsewhere' };

interface Asker {
  tenantId: string;
  aadObjectId: string | undefined;
  memberId: string | null;
  language: string;
}

const COMMANDS = new Set(['ask', 'summary', 'reminders', 'help']);
/** Teams refuses a streaming update with ContentStreamNotAllowed once the member pressed Stop. */
function isStreamStopped(error: unknown): boolean {
  const e = error as { statusCode?: number; code?: string; message?: string; body?: unknown };
  const said = `${e.code ?? ''} ${e.message ?? ''} ${typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? '')}`;
  return said.includes('ContentStreamNotAllowed');
}

const STREAM_LIMIT_MS = 110_000; // Teams ends a stream after 2 minutes; stop updating well before.

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  body?: unknown;
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as RestErrorLike | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * What may be logged of an error: botbuilder's RestError carries the request (the activity, i.e.
 * answer text quoting documents) and the response body, which must never reach the log.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const rest = error as Error & RestErrorLike;
  const body = rest.body as { error?: { code?: string } } | undefined;
  return {
    type: error.name,
    message: error.message.slice(0, 300),
    ...(rest.statusCode !== undefined ? { statusCode: rest.statusCode } : {}),
    ...(rest.code !== undefined ? { code: rest.code } : {}),
    ...(body?.error?.code ? { connectorCode: body.error.code } : {}),
    ...(rest.statusCode === undefined && error.stack ? { stack: error.stack } : {}),
  };
}

function isDatabaseError(error: unknown): boolean {
  if (isAppError(error)) return error.code.startsWith('db.');
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (/^(08|57P)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(code));
}

function tenantOf(activity: Partial<Activity>): string {
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  return activity.conversation?.tenantId ?? channelData?.tenant?.id ?? '';
}

function teamsChannelData(activity: Partial<Activity>): { teamId?: string; channelId?: string } {
  const data = activity.channelData as { team?: { id?: string; aadGroupId?: string }; channel?: { id?: string } } | undefined;
  return { teamId: data?.team?.aadGroupId ?? data?.team?.id, channelId: data?.channel?.id };
}

/** The text a member typed, without the bot's @mention and Teams' markup around it. */
export function cleanText(activity: Partial<Activity>): string {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return text
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const { db, adapter, appId, logger } = options;
  const streamInterval = options.streamIntervalMs ?? 1_000;

  async function saveReference(activity: Partial<Activity>, overrides: { conversationType?: string; aadObjectId?: string } = {}) {
    const reference = TurnContext.getConversationReference(activity) as Partial<ConversationReference>;
    if (!reference.conversation?.id) return;
    if (overrides.conversationType) reference.conversation = { ...reference.conversation, conversationType: overrides.conversationType };
    const { teamId, channelId } = teamsChannelData(activity);
    await saveConversationReference(db, {
      conversationId: reference.conversation.id,
      tenantId: tenantOf(activity) || null,
      teamId: teamId ?? null,
      channelId: channelId ?? null,
      aadObjectId: overrides.aadObjectId ?? activity.from?.aadObjectId ?? null,
      reference,
    });
  }

  async function identify(activity: Partial<Activity>): Promise<Asker> {
    const tenantId = tenantOf(activity);
    const aadObjectId = activity.from?.aadObjectId;
    // Never the `29:` id: it is per-bot and changes; the AAD object id is the person.
    const memberId = aadObjectId ? ((await findMemberIdByIdentity(db, 'teams', tenantId, aadObjectId)) ?? null) : null;
    return { tenantId, aadObjectId, memberId, language: languageFromLocale(activity.locale) ?? 'en' };
  }

  async function scopeOf(activity: Partial<Activity>): Promise<Scope> {
    const type = activity.conversation?.conversationType;
    if (type === 'personal') return { kind: 'personal' };
    if (type === 'channel') {
      const { channelId } = teamsChannelData(activity);
      const registered = channelId ? await findTeamsChannel(db, channelId) : undefined;
      if (registered?.workingGroupId) return { kind: 'wg-channel', workingGroupId: registered.workingGroupId };
    }
    return { kind: 'private-elsewhere' };
  }

  /** Marks a conversation's reference stale when the connector says the bot may not post there. */
  async function noteFailure(conversationId: string, error: unknown): Promise<void> {
    if (statusOf(error) === 403) {
      const body = (error as RestErrorLike).body as { error?: { code?: string } } | undefined;
      await markReferenceStale(db, conversationId, body?.error?.code ?? (error as RestErrorLike).code ?? 'Forbidden').catch(
        () => undefined,
      );
    }
  }

  function answerActivity(rendered: RenderedAnswer, card?: Record<string, unknown>): Partial<Activity> {
    return {
      type: ActivityTypes.Message,
      text: rendered.text,
      textFormat: 'markdown',
      entities: [rendered.entity as unknown as NonNullable<Activity['entities']>[number]],
      channelData: rendered.channelData,
      ...(card ? { attachments: [asAttachment(card)] } : {}),
    };
  }

  async function recordPosted(conversationId: string, response: ResourceResponse | undefined, result: AnsweredQuestion, threadId?: string) {
    if (!response?.id) return;
    await recordPostedMessage(db, {
      platform: 'teams',
      conversationId,
      messageId: response.id,
      auditId: result.auditId,
      documentIds: [...new Set(result.sources.map((s) => s.documentId))],
      language: result.language,
      ...(threadId ? { threadId } : {}),
    });
  }

  const render = (result: AnsweredQuestion, prefix?: string) =>
    renderAnswer(result, {
      extractive: result.answerable && (result.model === null || result.model === 'extractive'),
      ...(prefix ? { prefix } : {}),
    });

  /**
   * Runs `logic` in the asker's 1:1 chat: the stored personal reference when there is a usable one,
   * otherwise a new 1:1 conversation. Errors inside the logic are caught here (the adapter would
   * swallow them) and rethrown to the caller.
   */
  async function inPersonalChat(context: TurnContext, asker: Asker, logic: (personal: TurnContext) => Promise<void>): Promise<void> {
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
    const stored = asker.aadObjectId ? await findPersonalReference(db, asker.tenantId, asker.aadObjectId) : undefined;
    if (stored) {
      await adapter.continueConversationAsync(appId, stored.reference as Partial<ConversationReference>, guarded);
      if (failure) await noteFailure(stored.conversationId, failure);
    } else {
      const activity = context.activity;
      const parameters: ConversationParameters = {
        isGroup: false,
        bot: activity.recipient,
        members: [activity.from],
        ...(asker.tenantId ? { tenantId: asker.tenantId, channelData: { tenant: { id: asker.tenantId } } } : {}),
      } as ConversationParameters;
      await adapter.createConversationAsync(appId, 'msteams', activity.serviceUrl, '', parameters, async (created) => {
        // The new chat's reference, kept as personal so the next private answer reuses it.
        const reference = { ...created.activity, from: activity.from, serviceUrl: activity.serviceUrl };
        await saveReference(reference, {
          conversationType: 'personal',
          ...(asker.aadObjectId ? { aadObjectId: asker.aadObjectId } : {}),
        }).catch((error: unknown) => logger.warn({ err: describeError(error) }, 'storing the new 1:1 reference failed'));
        await guarded(created);
      });
    }
    if (failure) throw failure;
  }

  /** Posts an answer once in `target`, records it for revocation and feedback. */
  async function postAnswer(target: TurnContext, result: AnsweredQuestion, rendered: RenderedAnswer, card?: Record<string, unknown>) {
    const response = await target.sendActivity(answerActivity(rendered, card));
    await recordPosted(target.activity.conversation.id, response, result);
    return response;
  }

  /**
   * A 1:1 answer streamed as Teams expects: informative update, cumulative updates, final message.
   * The member's Stop ends the stream in Teams, and the next update is refused with
   * ContentStreamNotAllowed: that cancels the model call, leaves what was said, and sends no final
   * message (so no feedback is asked for); the audit row says stopped.
   */
  async function streamAnswer(context: TurnContext, asker: Asker, question: string): Promise<void> {
    const started = Date.now();
    const informative = await context.sendActivity({
      type: ActivityTypes.Typing,
      text: message('chat.searching', asker.language),
      entities: [{ type: 'streaminfo', streamType: 'informative', streamSequence: 1 }],
    } as Partial<Activity>);
    const streamId = informative?.id;
    let sequence = 1;
    let text = '';
    let sentText = '';
    let lastSent = Date.now();
    let inFlight: Promise<void> | null = null;
    const stop = new AbortController();
    const flush = () => {
      if (
        !streamId ||
        stop.signal.aborted ||
        inFlight ||
        text === sentText ||
        Date.now() - lastSent < streamInterval ||
        Date.now() - started > STREAM_LIMIT_MS
      )
        return;
      sequence += 1;
      const update = text;
      inFlight = context
        .sendActivity({
          type: ActivityTypes.Typing,
          text: update,
          entities: [{ type: 'streaminfo', streamId, streamType: 'streaming', streamSequence: sequence }],
        } as Partial<Activity>)
        .then(
          () => undefined,
          (error: unknown) => {
            if (isStreamStopped(error)) stop.abort();
            else logger.warn({ err: describeError(error) }, 'teams streaming update failed');
          },
        )
        .finally(() => {
          sentText = update;
          lastSent = Date.now();
          inFlight = null;
        });
    };
    const result = await options.answer({
      memberId: asker.memberId,
      context: { kind: 'dm' },
      question,
      platform: 'teams',
      locale: context.activity.locale,
      signal: stop.signal,
      onToken: (token) => {
        text += token;
        flush();
      },
    });
    while (inFlight) await inFlight;
    if (result.stopped) {
      // What was streamed stays in the chat (it may cite documents: recorded for withdrawal).
      await recordPosted(context.activity.conversation.id, streamId ? { id: streamId } : undefined, result);
      return;
    }
    const rendered = render(result);
    const final = answerActivity(rendered);
    final.entities = [
      ...(streamId ? [{ type: 'streaminfo', streamId, streamType: 'final' }] : []),
      ...(final.entities ?? []),
    ] as Activity['entities'];
    const response = await context.sendActivity(final);
    await recordPosted(context.activity.conversation.id, response?.id ? response : streamId ? { id: streamId } : undefined, result);
  }

  async function ask(context: TurnContext, asker: Asker, question: string): Promise<void> {
    if (!question) {
      await context.sendActivity(message('chat.empty_question', asker.language));
      return;
    }
    const scope = await scopeOf(context.activity);
    if (asker.memberId === null) {
      // Unknown identity: the answer service writes the audit row and answers with how to get access.
      const result = await options.answer({
        memberId: null,
        context: { kind: 'dm' },
        question,
        platform: 'teams',
        locale: context.activity.locale,
      });
      await context.sendActivity(result.answer || message('answer.no_access', asker.language));
      return;
    }
    const memberId = asker.memberId;
    const askIn = (askContext: AskContext) =>
      options.answer({ memberId, context: askContext, question, platform: 'teams', locale: context.activity.locale });

    if (scope.kind === 'personal') {
      if (options.streaming) return streamAnswer(context, asker, question);
      const result = await askIn({ kind: 'dm' });
      await postAnswer(context, result, render(result));
      return;
    }

    if (scope.kind === 'wg-channel') {
      const channelContext: AskContext = { kind: 'channel', workingGroupId: scope.workingGroupId };
      const inChannel = await askIn(channelContext);
      const channelScope = new Set(await listScopedDocumentIds(db, { memberId, context: channelContext }));
      // Only when the asker may see documents the channel may not can a private answer say more;
      // otherwise no second answer is computed (nor audited, nor sent to a model).
      const ownScope = await listScopedDocumentIds(db, { memberId, context: { kind: 'dm' } });
      const private_ = ownScope.some((id) => !channelScope.has(id)) ? await askIn({ kind: 'dm' }) : undefined;
      const moreInDm = private_ !== undefined && private_.answerable && private_.sources.some((s) => !channelScope.has(s.documentId));
      const rendered = render(inChannel);
      if (moreInDm) rendered.text = `${rendered.text}\n\n${message('chat.more_in_dm', inChannel.language)}`;
      const response = await context.sendActivity(answerActivity(rendered));
      await recordPosted(context.activity.conversation.id, response, inChannel, context.activity.id);
      if (moreInDm && private_) {
        const origin = { conversationId: context.activity.conversation.id, workingGroupId: scope.workingGroupId };
        const card = private_.auditId !== null ? postToChannelCard(private_.auditId, origin, private_.language) : undefined;
        await inPersonalChat(context, asker, (personal) => postAnswer(personal, private_, render(private_), card).then(() => undefined));
      }
      return;
    }

    // Unregistered channels and group chats: a short public note, the answer in 1:1.
    const result = await askIn({ kind: 'dm' });
    await context.sendActivity(message('chat.sent_privately', result.language, { name: context.activity.from?.name ?? '' }));
    await inPersonalChat(context, asker, (personal) => postAnswer(personal, result, render(result)).then(() => undefined));
  }

  async function resolveSummaryArgs(
    args: string,
    memberId: string,
    scope: Scope,
  ): Promise<{ memberStateId: string; workingGroupId: string | undefined } | undefined> {
    const words = args.split(/\s+/).filter(Boolean);
    for (let cut = words.length; cut >= 1; cut -= 1) {
      const memberStateId = await findMemberStateId(db, words.slice(0, cut).join(' '));
      if (!memberStateId) continue;
      const rest = words.slice(cut).join(' ');
      if (rest) {
        const workingGroupId = await findWorkingGroupId(db, rest);
        if (!workingGroupId) continue;
        return { memberStateId, workingGroupId };
      }
      if (scope.kind === 'wg-channel') return { memberStateId, workingGroupId: scope.workingGroupId };
      const chaired = await groupsChairedBy(db, memberId);
      return { memberStateId, workingGroupId: chaired.length === 1 ? chaired[0] : undefined };
    }
    return undefined;
  }

  async function sendDraftCard(context: TurnContext, asker: Asker, scope: Scope, card: Record<string, unknown>): Promise<void> {
    if (scope.kind === 'personal') {
      await context.sendActivity({ attachments: [asAttachment(card)] });
      return;
    }
    await context.sendActivity(message('chat.sent_privately', asker.language, { name: context.activity.from?.name ?? '' }));
    await inPersonalChat(context, asker, async (personal) => {
      await personal.sendActivity({ attachments: [asAttachment(card)] });
    });
  }

  async function summary(context: TurnContext, asker: Asker, args: string): Promise<void> {
    if (asker.memberId === null) {
      await options.answer({ memberId: null, context: { kind: 'dm' }, question: `summary ${args}`, platform: 'teams' });
      await context.sendActivity(message('answer.no_access', asker.language));
      return;
    }
    const scope = await scopeOf(context.activity);
    const resolved = await resolveSummaryArgs(args, asker.memberId, scope);
    if (!resolved) {
      await context.sendActivity(message('teams.summary_usage', asker.language));
      return;
    }
    const outcome = resolved.workingGroupId
      ? await options.summaries.request({
          memberId: asker.memberId,
          workingGroupId: resolved.workingGroupId,
          memberStateId: resolved.memberStateId,
          language: asker.language,
          platform: 'teams',
          question: `summary ${args}`,
        })
      : undefined;
    if (!outcome || outcome.refused) {
      // The same polite words whether the group exists or not: a refusal reveals nothing.
      await context.sendActivity(
        outcome?.refused
          ? outcome.message
          : 'Only the chair or a co-chair of this working group can request a consultation-summary draft for it.',
      );
      return;
    }
    if (outcome.empty) {
      await context.sendActivity(outcome.text);
      return;
    }
    await sendDraftCard(context, asker, scope, summaryDraftCard(outcome, asker.language));
  }

  async function reminders(context: TurnContext, asker: Asker): Promise<void> {
    const { channelId } = teamsChannelData(context.activity);
    const profile = asker.memberId ? await findMemberProfile(db, asker.memberId) : undefined;
    const groups = new Set(profile?.workingGroups.map((g) => g.id) ?? []);
    const relevant = (await listReminders(db)).filter(
      (r) => r.targets.teams.some((t) => t.channelId === channelId) || (r.workingGroupId !== null && groups.has(r.workingGroupId)),
    );
    await context.sendActivity(
      relevant.length === 0
        ? message('chat.no_reminders', asker.language)
        : relevant.map((r) => `• ${r.title} (${r.cron}, ${r.timezone})`).join('\n'),
    );
  }

  async function onMessage(context: TurnContext): Promise<void> {
    const asker = await identify(context.activity);
    const text = cleanText(context.activity);
    const [first = '', ...rest] = text.split(' ');
    const command = COMMANDS.has(first.toLowerCase()) ? first.toLowerCase() : 'ask';
    const args = command === 'ask' && !COMMANDS.has(first.toLowerCase()) ? text : rest.join(' ').trim();
    switch (command) {
      case 'help':
        await context.sendActivity(message('chat.help', asker.language));
        return;
      case 'summary':
        return summary(context, asker, args);
      case 'reminders':
        return reminders(context, asker);
      default:
        return ask(context, asker, args);
    }
  }

  async function onInstall(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
    if (!botAdded || activity.conversation?.conversationType !== 'personal') return;
    const asker = await identify(activity);
    const profile = asker.memberId ? await findMemberProfile(db, asker.memberId) : undefined;
    const who = profile
      ? { name: profile.name, entity: profile.entityAcronym, groups: profile.workingGroups.map((g) => `${g.name} (${g.role})`) }
      : null;
    await context.sendActivity({ attachments: [asAttachment(welcomeCard(who, asker.language))] });
  }

  async function invokeResponse(context: TurnContext, status: number, body?: unknown): Promise<void> {
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, ...(body === undefined ? {} : { body }) } });
  }

  const cardResponse = (card: Record<string, unknown>) => ({
    statusCode: 200,
    type: 'application/vnd.microsoft.card.adaptive',
    value: card,
  });

  async function onFeedback(context: TurnContext): Promise<void> {
    const value = context.activity.value as { actionName?: string; actionValue?: { reaction?: string; feedback?: string } } | undefined;
    const reaction = value?.actionValue?.reaction;
    const rating = reaction === 'like' ? 'up' : reaction === 'dislike' ? 'down' : undefined;
    const replyToId = context.activity.replyToId;
    if (value?.actionName === 'feedback' && rating && replyToId) {
      const posted = await findPostedMessage(db, 'teams', context.activity.conversation.id, replyToId);
      if (posted?.auditId) {
        const asker = await identify(context.activity);
        let comment: string | null;
        try {
          const parsed = JSON.parse(value.actionValue?.feedback ?? '{}') as { feedbackText?: unknown };
          comment = typeof parsed.feedbackText === 'string' && parsed.feedbackText ? parsed.feedbackText : null;
        } catch {
          comment = null;
        }
        if (await recordFeedback(db, { auditId: posted.auditId, platform: 'teams', memberId: asker.memberId, rating, comment })) {
          metrics.feedback.inc({ platform: 'teams', rating });
        }
      }
    }
    // Teams expects 200 with an empty body; we answer so even for a button we cannot place.
    await invokeResponse(context, 200);
  }

  /** Starts a new thread in a Teams channel (what TeamsInfo.sendMessageToTeamsChannel does on CloudAdapter). */
  async function startChannelThread(
    context: TurnContext,
    channel: { teamId: string | null; channelId: string },
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string }> {
    const stored = await findTeamReference(db, channel.teamId ?? '', channel.channelId);
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
    await adapter.createConversationAsync(appId, 'msteams', serviceUrl, '', parameters, async (created) => {
      conversationId = created.activity.conversation.id;
      await saveReference({ ...created.activity, serviceUrl, channelData: parameters.channelData }).catch(() => undefined);
    });
    const activityId = /;messageid=(.+)$/.exec(conversationId)?.[1] ?? conversationId;
    return { conversationId, activityId };
  }

  async function onCardAction(context: TurnContext): Promise<void> {
    const value = context.activity.value as { action?: { verb?: string; data?: Record<string, unknown> } } | undefined;
    const verb = value?.action?.verb as CardVerb | undefined;
    const data = value?.action?.data ?? {};
    const asker = await identify(context.activity);
    const reply = (card: Record<string, unknown>) => invokeResponse(context, 200, cardResponse(card));
    if (!asker.memberId) return reply(noticeCard(message('answer.no_access', asker.language)));
    const reviewer = { kind: 'member' as const, memberId: asker.memberId };
    const draftId = typeof data.draftId === 'string' ? data.draftId : '';

    switch (verb) {
      case 'postToChannel': {
        const auditId = Number(data.auditId);
        const entry = Number.isFinite(auditId) ? await findAuditEntry(db, auditId) : undefined;
        const origin = typeof data.conversationId === 'string' ? data.conversationId : '';
        const originRef = origin ? await findConversationReference(db, origin) : undefined;
        const channelId = (originRef?.channelId ?? origin.split(';')[0]) || '';
        const registered = channelId ? await findTeamsChannel(db, channelId) : undefined;
        // Only the asker's own answer, only to a working group's channel, and only if every cited
        // document is in that channel's scope now (checked in SQL at click time).
        if (!entry || entry.memberId !== asker.memberId || !registered?.workingGroupId || !originRef)
          return reply(noticeCard(message('chat.post_no_channel', asker.language)));
        const scope = new Set(
          await listScopedDocumentIds(db, {
            memberId: asker.memberId,
            context: { kind: 'channel', workingGroupId: registered.workingGroupId },
          }),
        );
        if (entry.citedDocumentIds.some((id) => !scope.has(id))) return reply(noticeCard(message('chat.post_refused', asker.language)));
        let posted: ResourceResponse | undefined;
        let failure: unknown;
        await adapter.continueConversationAsync(appId, originRef.reference as Partial<ConversationReference>, async (channel) => {
          try {
            posted = await channel.sendActivity({ type: ActivityTypes.Message, text: entry.answerText ?? '', textFormat: 'markdown' });
          } catch (error) {
            failure = error;
          }
        });
        if (failure || !posted?.id) {
          await noteFailure(originRef.conversationId, failure);
          throw failure ?? new Error('teams: posting to the channel returned no id');
        }
        await recordPostedMessage(db, {
          platform: 'teams',
          conversationId: originRef.conversationId,
          messageId: posted.id,
          auditId: entry.id,
          documentIds: entry.citedDocumentIds,
        });
        return reply(noticeCard(message('chat.posted', asker.language)));
      }
      case 'summaryApprove': {
        const approved = await options.summaries.approve(draftId, reviewer);
        if (!approved.ok) return reply(noticeCard(approved.message));
        const draft = approved.draft;
        const channel = await findTeamsChannelOfGroup(db, draft.workingGroupId);
        if (!channel) return reply(summaryDraftCard(draft, asker.language, message('teams.summary_no_channel', asker.language)));
        const thread = await startChannelThread(context, channel, {
          type: ActivityTypes.Message,
          text: draft.text,
          textFormat: 'markdown',
        });
        const marked = await options.summaries.markPosted(draftId, reviewer, thread.conversationId);
        await recordPostedMessage(db, {
          platform: 'teams',
          conversationId: thread.conversationId,
          messageId: thread.activityId,
          draftId,
          documentIds: draft.citedDocumentIds,
          language: draft.language,
        });
        if (!marked.ok) return reply(noticeCard(marked.message));
        return reply(summaryDraftCard(marked.draft, asker.language, message('chat.posted', asker.language)));
      }
      case 'summaryRegenerate': {
        const shown = await options.summaries.show(draftId, reviewer);
        if (!shown.ok) return reply(noticeCard(shown.message));
        const outcome = await options.summaries.request({
          memberId: asker.memberId,
          workingGroupId: shown.draft.workingGroupId,
          memberStateId: shown.draft.memberStateId,
          language: shown.draft.language,
          platform: 'teams',
        });
        if (outcome.refused) return reply(noticeCard(outcome.message));
        if (outcome.empty) return reply(noticeCard(outcome.text));
        // The old version is set aside so only the new one can be approved.
        await options.summaries.discard(draftId, reviewer);
        return reply(summaryDraftCard(outcome, asker.language));
      }
      case 'summaryDiscard': {
        const discarded = await options.summaries.discard(draftId, reviewer);
        if (!discarded.ok) return reply(noticeCard(discarded.message));
        return reply(summaryDraftCard(discarded.draft, asker.language, message('teams.summary_discarded', asker.language)));
      }
      default:
        return invokeResponse(context, 400);
    }
  }

  async function friendlyError(context: TurnContext, error: unknown): Promise<void> {
    const activity = context.activity;
    logger.error(
      { err: describeError(error), activityType: activity.type, conversationType: activity.conversation?.conversationType },
      'teams turn failed',
    );
    const language = languageFromLocale(activity.locale) ?? 'en';
    const text = message(isDatabaseError(error) ? 'chat.error_database' : 'chat.error_generic', language);
    try {
      if (activity.type === ActivityTypes.Invoke) {
        if (activity.name === 'adaptiveCard/action') await invokeResponse(context, 200, cardResponse(noticeCard(text)));
        else await invokeResponse(context, 200);
      } else if (activity.type === ActivityTypes.Message) {
        await context.sendActivity(text);
      }
    } catch (sendError) {
      logger.warn({ err: describeError(sendError) }, 'could not tell the user about the failure');
    }
  }

  return {
    async handle(context: TurnContext): Promise<void> {
      const activity = context.activity;
      try {
        // Teams redelivers an activity it did not see answered in time: answer each id once.
        if (activity.type === ActivityTypes.Message && activity.id) {
          const fresh = await claimProcessedEvent(db, 'teams', `${activity.conversation?.id ?? ''}|${activity.id}`);
          if (!fresh) {
            metrics.eventsDeduplicated.inc({ platform: 'teams' });
            return;
          }
        }
        if (
          activity.type === ActivityTypes.Message ||
          activity.type === ActivityTypes.ConversationUpdate ||
          activity.type === ActivityTypes.InstallationUpdate
        ) {
          await saveReference(activity);
        }
        switch (activity.type) {
          case ActivityTypes.Message:
            return await onMessage(context);
          case ActivityTypes.ConversationUpdate:
            return await onInstall(context);
          case ActivityTypes.Invoke:
            if (activity.name === 'message/submitAction') return await onFeedback(context);
            if (activity.name === 'adaptiveCard/action') return await onCardAction(context);
            return await invokeResponse(context, 501);
          default:
            return;
        }
      } catch (error) {
        await friendlyError(context, error);
      }
    },
  };
}
