import { message } from '../messages/index.js';
import type { Language } from '../retrieval/retrieved-chunk.js';
import { refusalText, type Reviewer, type StoredSummaryDraft } from '../summaries/review-summary.js';
import type { AnswerSource } from '../answering/extractive-answer.js';
import { sourcesFromCatalog } from './cited-sources.js';
import { readRoom } from './room-audience.js';
import type { ConversationAddress } from './roster-reader.js';
import { grantOf, issue, say, sayLine, type TurnContext } from './turn-context.js';

/**
 * `summary <Member State> [working group]`, the one grammar on every surface. The group: the one
 * named, else the room's, else the requester's chaired groups (a choice when there are several).
 * Who may ask is the summary service's rule (chair or co-chair), refused and audited there.
 */
export async function handleSummaryCommand(ctx: TurnContext, argument: string): Promise<void> {
  const { store } = ctx.deps;
  const words = argument.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return void (await sayLine(ctx, message('slack.summary_needs_state', ctx.language)));
  const groups = (await store.profile(ctx.memberId))?.workingGroups ?? [];
  let state = await store.findMemberState(words.join(' '));
  let workingGroupId: string | null = null;
  if (!state && words.length > 1) {
    const last = words[words.length - 1]!;
    const named = groups.find((g) => g.id.toLowerCase() === last.toLowerCase() || g.id.toLowerCase() === `wg-${last.toLowerCase()}`);
    // A group the requester is not in still goes to the service, which refuses it like any non-chair.
    workingGroupId = named?.id ?? last;
    state = await store.findMemberState(words.slice(0, -1).join(' '));
  }
  if (!state) return void (await sayLine(ctx, message('slack.summary_unknown_state', ctx.language, { state: words.join(' ') })));
  workingGroupId ??= ctx.turn.where.kind === 'room' ? await store.workingGroupOf(ctx.turn.where.address) : null;
  if (!workingGroupId) {
    const chaired = groups.filter((g) => g.role === 'chair' || g.role === 'co-chair');
    if (chaired.length > 1) return offerGroups(ctx, chaired, state);
    // None chaired: the service's refusal for the member's first group (or none) says why.
    workingGroupId = chaired[0]?.id ?? groups[0]?.id ?? '';
  }
  await draftSummary(ctx, { workingGroupId, memberStateId: state.id, question: argument, language: ctx.language });
}

async function offerGroups(
  ctx: TurnContext,
  chaired: { id: string; name: string; role: 'chair' | 'co-chair' | 'member' }[],
  state: { id: string; name: string },
): Promise<void> {
  const groups = [];
  for (const group of chaired) {
    const token = await issue(ctx, { kind: 'summary-group', workingGroupId: group.id, memberStateId: state.id, language: ctx.language });
    groups.push({ ...group, token });
  }
  await say(ctx, { kind: 'asker' }, { kind: 'group-choice', groups, memberStateName: state.name, language: ctx.language });
}

/** Asks the summary service for a draft and shows it privately with Approve / Regenerate / Discard. */
async function draftSummary(
  ctx: TurnContext,
  request: { workingGroupId: string; memberStateId: string; question: string; language: Language },
  options: { replacesOrigin?: boolean; beforeShowing?: () => Promise<void> } = {},
): Promise<boolean> {
  const outcome = await ctx.deps.summaries.request({ memberId: ctx.memberId, ...request, platform: ctx.auditPlatform });
  if (outcome.refused || outcome.empty) {
    const text = outcome.refused ? message('summary.request_refused', request.language) : outcome.text;
    await sayLine(ctx, text, { replacesOrigin: options.replacesOrigin ?? false });
    return false;
  }
  await options.beforeShowing?.();
  const names = await ctx.deps.store.summaryNames(request.workingGroupId, request.memberStateId);
  const token = await issue(ctx, { kind: 'draft', draftId: outcome.draftId });
  const body = {
    kind: 'draft' as const,
    draft: outcome,
    token,
    names: { state: names.memberState, group: names.workingGroup },
    language: request.language,
  };
  await say(ctx, { kind: 'asker' }, body, options.replacesOrigin ?? false);
  return true;
}

/** The group picked from a choice: a draft for it, in place of the choice. */
export async function handleGroupChoice(ctx: TurnContext, token: string): Promise<void> {
  const grant = await grantOf(ctx, token);
  if (grant === null) return;
  if (grant?.kind !== 'summary-group') return void (await sayLine(ctx, message('chat.error_generic', ctx.language)));
  const language = grant.language as Language;
  await draftSummary(
    ctx,
    {
      workingGroupId: grant.workingGroupId,
      memberStateId: grant.memberStateId,
      question: `summary ${grant.memberStateId} ${grant.workingGroupId}`,
      language,
    },
    { replacesOrigin: true },
  );
}

async function draftOf(ctx: TurnContext, token: string): Promise<string | undefined> {
  const grant = await grantOf(ctx, token);
  if (grant === null) return undefined;
  if (grant?.kind === 'draft') return grant.draftId;
  await sayLine(ctx, message('chat.error_generic', ctx.language));
  return undefined;
}

const reviewer = (ctx: TurnContext): Reviewer => ({ kind: 'member', memberId: ctx.memberId });

/**
 * Approve: the room the summary goes to is read now; it must be readable, hold nobody the directory
 * does not know, and every reader must be able to see every cited document. Then the service
 * re-checks consent and scope, the summary is posted, recorded for withdrawal, and marked posted.
 */
export async function handleApprove(ctx: TurnContext, token: string): Promise<void> {
  const draftId = await draftOf(ctx, token);
  if (!draftId) return;
  const { store, summaries } = ctx.deps;
  const shown = await summaries.show(draftId, reviewer(ctx));
  if (!shown.ok) return void (await sayLine(ctx, refusalText(shown, ctx.language)));
  const draft = shown.draft;
  const language = draft.language as Language;
  const registered = await store.channelOfWorkingGroup(ctx.turn.who.platform, draft.workingGroupId);
  // A registration that names no workspace is in the approver's own (whose people the room's readers must be).
  const channel = registered && { ...registered, workspace: registered.workspace ?? ctx.turn.where.address.workspace };
  if (!channel)
    return void (await sayLine(
      ctx,
      message(ctx.turn.who.platform === 'teams' ? 'teams.summary_no_channel' : 'slack.summary_no_channel', language),
    ));
  await store.dropRoster(channel);
  const audience = await readRoom(ctx.deps, channel);
  if (audience.kind === 'private') {
    return void (await sayLine(
      ctx,
      message(audience.reason === 'outsiders' ? 'room.summary_outsiders' : 'room.summary_unreadable', language),
    ));
  }
  const context = { kind: 'channel' as const, workingGroupId: draft.workingGroupId, readerIds: audience.readerIds };
  // One read of the room's scope: the check, then the posted citations with their documents' sensitivity.
  const catalog = await store.scopedCatalog({ memberId: ctx.memberId, context });
  const scope = new Set(catalog.map((document) => document.documentId));
  if (!draft.citedDocumentIds.every((id) => scope.has(id))) return void (await sayLine(ctx, message('room.summary_refused', language)));
  const approved = await summaries.approve(draftId, reviewer(ctx));
  if (!approved.ok) return void (await sayLine(ctx, refusalText(approved, ctx.language)));
  await postSummary(ctx, approved.draft, channel, sourcesFromCatalog(approved.draft.citations, catalog));
}

async function postSummary(ctx: TurnContext, draft: StoredSummaryDraft, channel: ConversationAddress, sources: AnswerSource[]) {
  const { store, summaries } = ctx.deps;
  const language = draft.language as Language;
  const to = { kind: 'channel' as const, address: channel };
  const posted = await say(ctx, to, { kind: 'summary', draft, language, sources });
  const messageId = posted.messageId ?? '';
  if (messageId)
    await store.recordPost({
      address: channel,
      messageId,
      threadId: posted.threadId ?? null,
      draftId: draft.draftId,
      documentIds: draft.citedDocumentIds,
      language,
    });
  const marked = await summaries.markPosted(draft.draftId, reviewer(ctx), `${channel.platform}:${channel.conversationId}:${messageId}`);
  if (!marked.ok) {
    // Consent changed between approval and posting: take the message back down.
    if (messageId) await ctx.outbox.remove?.(to, messageId);
    return void (await sayLine(ctx, refusalText(marked, ctx.language)));
  }
  await sayLine(ctx, message('slack.summary_posted', language), { replacesOrigin: true });
  await tellRequester(ctx, draft, 'room.draft_approved_by');
}

export async function handleRegenerate(ctx: TurnContext, token: string): Promise<void> {
  const draftId = await draftOf(ctx, token);
  if (!draftId) return;
  const shown = await ctx.deps.summaries.show(draftId, reviewer(ctx));
  if (!shown.ok) return void (await sayLine(ctx, refusalText(shown, ctx.language)));
  const old = shown.draft;
  const request = {
    workingGroupId: old.workingGroupId,
    memberStateId: old.memberStateId,
    question: `regenerate ${old.draftId}`,
    language: old.language as Language,
  };
  // The superseded version can no longer be approved from an old button, from the moment the new one shows.
  const beforeShowing = async () => {
    await ctx.deps.summaries.discard(draftId, reviewer(ctx)).catch(() => undefined);
  };
  if (await draftSummary(ctx, request, { replacesOrigin: true, beforeShowing })) await tellRequester(ctx, old, 'room.draft_regenerated_by');
}

export async function handleDiscard(ctx: TurnContext, token: string): Promise<void> {
  const draftId = await draftOf(ctx, token);
  if (!draftId) return;
  const discarded = await ctx.deps.summaries.discard(draftId, reviewer(ctx));
  if (!discarded.ok) return void (await sayLine(ctx, refusalText(discarded, ctx.language)));
  await sayLine(ctx, message('slack.summary_discarded', discarded.draft.language), { replacesOrigin: true });
  await tellRequester(ctx, discarded.draft, 'room.draft_discarded_by');
}

/** Chair and co-chair may each act on the other's draft; the one who asked for it is told in their DM. */
async function tellRequester(
  ctx: TurnContext,
  draft: StoredSummaryDraft,
  key: 'room.draft_approved_by' | 'room.draft_regenerated_by' | 'room.draft_discarded_by',
): Promise<void> {
  if (draft.requestedBy === ctx.memberId) return;
  const identity = await ctx.deps.store.identityOfMember(draft.requestedBy, ctx.turn.who.platform);
  if (!identity) return;
  const actor = (await ctx.deps.store.profile(ctx.memberId))?.name ?? ctx.memberId;
  const to = { kind: 'member' as const, memberId: draft.requestedBy, platformUserId: identity.userId, workspace: identity.workspace };
  const text = message(key, draft.language, { actor, draft: draft.draftId });
  await say(ctx, to, { kind: 'line', text, language: draft.language as Language }).catch((error: unknown) =>
    ctx.deps.log?.warn({ err: error }, 'could not tell the draft’s requester'),
  );
}
