import type { TurnContext } from 'botbuilder';
import { message } from '../../core/messages/index.js';
import { SUMMARY_REFUSAL_MESSAGE } from '../../core/summaries/request-summary.js';
import { findMemberStateId, findWorkingGroupId, groupsChairedBy } from '../../db/queries/teams-channels.js';
import { asAttachment, summaryDraftCard } from '../render-cards.js';
import type { Asker, Scope, TeamsBotDeps } from '../teams-bot-deps.js';
import { inPersonalChat } from '../teams-conversations.js';
import { scopeOf } from '../teams-identity.js';

/** `summary <Member State> [working group]`: a draft card for a chair, in 1:1. */
export async function summaryCommand(deps: TeamsBotDeps, context: TurnContext, asker: Asker, args: string): Promise<void> {
  if (asker.memberId === null) {
    await deps.answer({ memberId: null, context: { kind: 'dm' }, question: `summary ${args}`, platform: 'teams' });
    await context.sendActivity(message('answer.no_access', asker.language));
    return;
  }
  const scope = await scopeOf(deps.db, context.activity);
  const resolved = await resolveSummaryArgs(deps, args, asker.memberId, scope);
  if (!resolved) {
    await context.sendActivity(message('teams.summary_usage', asker.language));
    return;
  }
  const outcome = resolved.workingGroupId
    ? await deps.summaries.request({
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
    await context.sendActivity(outcome?.refused ? outcome.message : SUMMARY_REFUSAL_MESSAGE);
    return;
  }
  if (outcome.empty) {
    await context.sendActivity(outcome.text);
    return;
  }
  const card = summaryDraftCard(outcome, asker.language);
  if (scope.kind === 'personal') {
    await context.sendActivity({ attachments: [asAttachment(card)] });
    return;
  }
  await context.sendActivity(message('chat.sent_privately', asker.language, { name: context.activity.from?.name ?? '' }));
  await inPersonalChat(deps, context, asker, async (personal) => {
    await personal.sendActivity({ attachments: [asAttachment(card)] });
  });
}

async function resolveSummaryArgs(
  deps: TeamsBotDeps,
  args: string,
  memberId: string,
  scope: Scope,
): Promise<{ memberStateId: string; workingGroupId: string | undefined } | undefined> {
  const words = args.split(/\s+/).filter(Boolean);
  for (let cut = words.length; cut >= 1; cut -= 1) {
    const memberStateId = await findMemberStateId(deps.db, words.slice(0, cut).join(' '));
    if (!memberStateId) continue;
    const rest = words.slice(cut).join(' ');
    if (rest) {
      const workingGroupId = await findWorkingGroupId(deps.db, rest);
      if (!workingGroupId) continue;
      return { memberStateId, workingGroupId };
    }
    if (scope.kind === 'wg-channel') return { memberStateId, workingGroupId: scope.workingGroupId };
    const chaired = await groupsChairedBy(deps.db, memberId);
    return { memberStateId, workingGroupId: chaired.length === 1 ? chaired[0] : undefined };
  }
  return undefined;
}
