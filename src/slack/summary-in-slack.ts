import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { findMemberState, slackChannelOfWorkingGroup, workingGroupOfSlackChannel } from '../db/queries/chat-channels.js';
import { findMemberProfile } from '../db/queries/directory.js';
import { recordPostedMessage } from '../db/queries/posted-messages.js';
import { summaryNames } from '../db/queries/summary-drafts.js';
import { message } from '../core/messages/index.js';
import type { Reviewer } from '../core/summaries/review-summary.js';
import { renderLine } from './render-answer.js';
import { renderDraft, renderGroupChoice, renderPostedSummary } from './render-summary.js';
import { languageOfText, type SlackDependencies } from './slack-dependencies.js';

/**
 * `/compact summary <Member State> [working group]`. The group: the one named, else the channel's,
 * else the requester's chaired groups (a select menu when there are several). Who may ask is the
 * summary service's rule (chair or co-chair); everyone else gets its polite refusal, audited there.
 */
export async function requestSummaryInSlack(
  deps: SlackDependencies,
  respond: RespondFn,
  request: { memberId: string; channelId: string; text: string },
): Promise<void> {
  const language = languageOfText(deps, request.text);
  const words = request.text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    await respond({ response_type: 'ephemeral', ...renderLine(message('slack.summary_needs_state', language)) });
    return;
  }
  const profile = await findMemberProfile(deps.db, request.memberId);
  const groups = profile?.workingGroups ?? [];
  let state = await findMemberState(deps.db, words.join(' '));
  let workingGroupId: string | null = null;
  if (!state && words.length > 1) {
    const last = words[words.length - 1]!.toLowerCase();
    const named = groups.find((g) => g.id.toLowerCase() === last || g.id.toLowerCase() === `wg-${last}`);
    // A group the requester is not in still goes to the service, which refuses it like any non-chair.
    workingGroupId = named?.id ?? words[words.length - 1]!;
    state = await findMemberState(deps.db, words.slice(0, -1).join(' '));
  }
  if (!state) {
    await respond({
      response_type: 'ephemeral',
      ...renderLine(message('slack.summary_unknown_state', language, { state: words.join(' ') })),
    });
    return;
  }
  workingGroupId ??= await workingGroupOfSlackChannel(deps.db, request.channelId);
  if (!workingGroupId) {
    const chaired = groups.filter((g) => g.role === 'chair' || g.role === 'co-chair');
    if (chaired.length > 1) {
      await respond({ response_type: 'ephemeral', ...renderGroupChoice(chaired, state.id, language) });
      return;
    }
    // None chaired: the service's refusal for the member's first group (or none) says why.
    workingGroupId = chaired[0]?.id ?? groups[0]?.id ?? '';
  }
  await draftSummary(deps, respond, {
    memberId: request.memberId,
    workingGroupId,
    memberStateId: state.id,
    question: request.text,
    language,
  });
}

/**
 * Asks the summary service for a draft and shows it privately with Approve / Regenerate / Discard.
 * `beforeShowing` runs once a new draft exists, before the chair can see it (Regenerate retires the
 * old version there, so no click can still reach it).
 */
export async function draftSummary(
  deps: SlackDependencies,
  respond: RespondFn,
  request: { memberId: string; workingGroupId: string; memberStateId: string; question: string; language: string; replace?: boolean },
  beforeShowing?: () => Promise<void>,
): Promise<void> {
  const outcome = await deps.summaries.request({
    memberId: request.memberId,
    workingGroupId: request.workingGroupId,
    memberStateId: request.memberStateId,
    language: request.language,
    platform: 'slack',
    question: request.question,
  });
  const replace = request.replace ? { replace_original: true } : {};
  if (outcome.refused) {
    await respond({ response_type: 'ephemeral', ...replace, ...renderLine(outcome.message) });
    return;
  }
  if (outcome.empty) {
    await respond({ response_type: 'ephemeral', ...replace, ...renderLine(outcome.text) });
    return;
  }
  await beforeShowing?.();
  const names = await summaryNames(deps.db, request.workingGroupId, request.memberStateId);
  await respond({
    response_type: 'ephemeral',
    ...replace,
    ...renderDraft(outcome, { state: names.memberState, group: names.workingGroup }, request.language),
  });
}

/** Approve: the service re-checks consent and scope now; then the group's channel gets the summary. */
export async function approveInSlack(deps: SlackDependencies, client: WebClient, respond: RespondFn, memberId: string, draftId: string) {
  const reviewer: Reviewer = { kind: 'member', memberId };
  const approved = await deps.summaries.approve(draftId, reviewer);
  if (!approved.ok) {
    await respond({ response_type: 'ephemeral', replace_original: false, ...renderLine(approved.message) });
    return;
  }
  const draft = approved.draft;
  const channel = await slackChannelOfWorkingGroup(deps.db, draft.workingGroupId);
  if (!channel) {
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      ...renderLine(message('slack.summary_no_channel', draft.language)),
    });
    return;
  }
  const posted = await client.chat.postMessage({ channel, ...renderPostedSummary(draft), unfurl_links: false, unfurl_media: false });
  const ts = posted.ts ?? '';
  await recordPostedMessage(deps.db, {
    platform: 'slack',
    conversationId: channel,
    messageId: ts,
    draftId: draft.draftId,
    documentIds: draft.citedDocumentIds,
    language: draft.language,
  });
  const marked = await deps.summaries.markPosted(draftId, reviewer, `slack:${channel}:${ts}`);
  if (!marked.ok) {
    // Consent changed between approval and posting: take the message back down.
    await client.chat
      .delete({ channel, ts })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not delete a summary post'));
    await respond({ response_type: 'ephemeral', replace_original: false, ...renderLine(marked.message) });
    return;
  }
  await respond({ response_type: 'ephemeral', replace_original: true, ...renderLine(message('slack.summary_posted', draft.language)) });
}

export async function regenerateInSlack(deps: SlackDependencies, respond: RespondFn, memberId: string, draftId: string) {
  const reviewer: Reviewer = { kind: 'member', memberId };
  const shown = await deps.summaries.show(draftId, reviewer);
  if (!shown.ok) {
    await respond({ response_type: 'ephemeral', replace_original: false, ...renderLine(shown.message) });
    return;
  }
  const old = shown.draft;
  await draftSummary(
    deps,
    respond,
    {
      memberId,
      workingGroupId: old.workingGroupId,
      memberStateId: old.memberStateId,
      question: `regenerate ${old.draftId}`,
      language: old.language,
      replace: true,
    },
    // The superseded version can no longer be approved from an old button, from the moment the new one shows.
    async () => {
      await deps.summaries.discard(draftId, reviewer).catch(() => undefined);
    },
  );
}

export async function discardInSlack(deps: SlackDependencies, respond: RespondFn, memberId: string, draftId: string) {
  const discarded = await deps.summaries.discard(draftId, { kind: 'member', memberId });
  if (!discarded.ok) {
    await respond({ response_type: 'ephemeral', replace_original: false, ...renderLine(discarded.message) });
    return;
  }
  await respond({
    response_type: 'ephemeral',
    replace_original: true,
    ...renderLine(message('slack.summary_discarded', discarded.draft.language)),
  });
}
