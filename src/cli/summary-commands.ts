import type { Command } from 'commander';
import { AppError } from '../errors.js';
import type { SummaryOutcome } from '../core/summaries/request-summary.js';
import type { ReviewOutcome, Reviewer, StoredSummaryDraft } from '../core/summaries/review-summary.js';
import { createSummaryService, type SummaryService } from '../app/create-summary-service.js';
import { cliOperator, withCli, type CliContext } from './context.js';

function draftJson(draft: StoredSummaryDraft) {
  return {
    draftId: draft.draftId,
    status: draft.status,
    text: draft.text,
    citations: draft.citations,
    version: draft.version,
    workingGroupId: draft.workingGroupId,
    memberStateId: draft.memberStateId,
    requestedBy: draft.requestedBy,
    model: draft.model,
    promptVersion: draft.promptVersion,
    invalidated: draft.invalidatedAt ? { at: draft.invalidatedAt, reason: draft.invalidatedReason } : null,
  };
}

function reviewer(options: { as?: string }): Reviewer {
  return options.as ? { kind: 'member', memberId: options.as } : { kind: 'admin', name: cliOperator() };
}

function finish(context: CliContext, outcome: ReviewOutcome, verb: string): void {
  if (!outcome.ok) {
    // The operator reads English, with the stored reason a draft was invalidated.
    const text = outcome.detail ? `${outcome.message} (${outcome.detail})` : outcome.message;
    if (context.json) context.print({ error: outcome.failure, message: text }, () => text);
    throw new AppError(outcome.failure === 'not_found' ? 'input.not_found' : 'input.invalid', text, { exitCode: 2 });
  }
  const draft = outcome.draft;
  context.print(draftJson(draft), () =>
    verb === 'show'
      ? `${draft.text}\n\nDraft ${draft.draftId} (version ${draft.version}) is ${draft.status}${draft.invalidatedAt ? `; can no longer be approved: ${draft.invalidatedReason}` : ''}.`
      : `Draft ${draft.draftId} ${verb}.`,
  );
}

/**
 * `compact-bot summary --as <member-id> --wg <wg-id> --state <member-state-id> [--json]` and
 * `summary approve|discard|show <draft-id>`. A request by anyone but the group's chair or a co-chair
 * prints `{ "refused": true, "message" }` and exits 2.
 */
export function registerSummaryCommands(program: Command): void {
  const summary = program
    .command('summary')
    .description('draft a consultation summary for a working group (chairs and co-chairs only); review drafts')
    .option('--as <member-id>', 'the member requesting the draft')
    .option('--wg <wg-id>', 'the working group the draft is for')
    .option('--state <member-state-id>', 'the Member State the consultation is about')
    .option('--language <code>', 'language of the draft: en, fr, es, ru, ar, zh', 'en')
    .action(async (options: { as?: string; wg?: string; state?: string; language: string }, command: Command) => {
      if (!options.as || !options.wg || !options.state) {
        throw new AppError(
          'input.invalid',
          'summary needs --as <member-id>, --wg <wg-id> and --state <member-state-id> (or a subcommand: approve, discard, show).',
          { exitCode: 2 },
        );
      }
      await withCli(command, async (context) => {
        const { db, config, logger, print, json } = context;
        const outcome: SummaryOutcome = await createSummaryService(db, config, logger).request({
          memberId: options.as!,
          workingGroupId: options.wg!,
          memberStateId: options.state!,
          language: options.language,
          platform: 'cli',
        });
        if (outcome.refused) {
          if (json) print({ refused: true, message: outcome.message }, () => outcome.message);
          throw new AppError('access.not_permitted', outcome.message, { exitCode: 2 });
        }
        print({ draftId: outcome.draftId, status: outcome.status, text: outcome.text, citations: outcome.citations }, () =>
          outcome.draftId
            ? `${outcome.text}\n\nDraft ${outcome.draftId} (version ${outcome.version}) saved. Approve with: compact-bot summary approve ${outcome.draftId}`
            : outcome.text,
        );
      });
    });

  for (const [name, verb] of [
    ['approve', 'approved'],
    ['discard', 'discarded'],
    ['show', 'show'],
  ] as const satisfies readonly (readonly [keyof SummaryService, string])[]) {
    summary
      .command(name)
      .description(
        name === 'approve'
          ? 're-check consent and scope now, then approve a draft for posting'
          : name === 'discard'
            ? 'discard a draft'
            : 'print a draft and its status',
      )
      .argument('<draft-id>')
      .option('--as <member-id>', 'act as this chair or co-chair (default: the administrator)')
      .action(async (draftId: string, _options: unknown, command: Command) => {
        // `--as` is also an option of `summary` itself; commander may hand it to either level.
        const options = command.optsWithGlobals<{ as?: string }>();
        await withCli(command, async (context) => {
          const service = createSummaryService(context.db, context.config, context.logger);
          finish(context, await service[name](draftId, reviewer(options)), verb);
        });
      });
  }
}
