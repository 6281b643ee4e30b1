import type { Command } from 'commander';
import { formatAudience, parseAudience, type Audience, type ConsentState, type ConsentStatus } from '../core/access/access-rule.js';
import type { Queryable } from '../db/database.js';
import { applyConsentChange, findConsent, listConsentHistory } from '../db/queries/consents.js';
import { invalidateCitationsOfDocument } from '../db/queries/audit-trail.js';
import { requestWithdrawalOfDocument } from '../db/queries/posted-messages.js';
import { findDocument } from '../db/queries/documents.js';
import { AppError, inputError } from '../errors.js';
import { cliOperator, withCli, type CliContext } from './context.js';

interface ChangeOptions {
  actor?: string;
  reason?: string;
  audience?: string;
}

function defaultActor(): string {
  return `cli:${cliOperator()}`;
}

async function requireDocument(db: Queryable, documentId: string): Promise<void> {
  if (!(await findDocument(db, documentId))) {
    throw new AppError(
      'input.not_found',
      `No document with id '${documentId}'. Ingest its catalog first (compact-bot ingest <catalog.yaml>).`,
      { exitCode: 2 },
    );
  }
}

async function checkAudienceIds(db: Queryable, audience: Audience): Promise<void> {
  if (audience.kind !== 'entities' && audience.kind !== 'groups') return;
  const table = audience.kind === 'entities' ? 'entities' : 'working_groups';
  const known = await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1::text[])`, [audience.ids]);
  const missing = audience.ids.filter((id) => !known.rows.some((row) => row.id === id));
  if (missing.length > 0) {
    throw inputError(
      `Unknown ${audience.kind === 'entities' ? 'entity' : 'working group'} id(s): ${missing.join(', ')} (see compact-bot directory show, or directory.yaml).`,
    );
  }
}

function describeConsent(state: ConsentState): string {
  return `${state.documentId}: consent ${state.status}${state.status === 'granted' || state.audience.kind !== 'none' ? ` (audience ${formatAudience(state.audience)})` : ''}, version ${state.version}, by ${state.changedBy}`;
}

function consentJson(state: ConsentState) {
  return {
    documentId: state.documentId,
    status: state.status,
    audience: formatAudience(state.audience),
    version: state.version,
    changedBy: state.changedBy,
    changedAt: state.changedAt,
  };
}

async function change(context: CliContext, documentId: string, status: ConsentStatus, options: ChangeOptions): Promise<void> {
  const { db, print } = context;
  await requireDocument(db, documentId);
  const today = new Date().toISOString().slice(0, 10);
  let audience: Audience = { kind: 'none' };
  if (status === 'granted') {
    const parsed = options.audience ? parseAudience(options.audience) : undefined;
    if (!parsed)
      throw inputError(
        `--audience must be 'compact', 'entities:CTED,UNODC' or 'groups:wg-border,wg-justice' (got '${options.audience ?? ''}').`,
      );
    await checkAudienceIds(db, parsed);
    audience = parsed;
  }
  const state = await db.transaction(async (tx) => {
    const current = await findConsent(tx, documentId);
    // A revocation keeps the audience it took away (informational: it grants nothing any more).
    if (status === 'revoked' && current) audience = current.audience;
    const applied = await applyConsentChange(tx, documentId, {
      status,
      audience,
      actor: options.actor ?? defaultActor(),
      reason: options.reason ?? null,
      grantedOn: status === 'granted' ? today : status === 'revoked' ? (current?.grantedOn ?? null) : null,
      revokedOn: status === 'revoked' ? today : null,
    });
    // Revocation reaches back: stored answers and drafts that cited the document are marked, in the same transaction.
    const reason = `consent ${status} (version ${applied.version}) by ${applied.changedBy}`;
    const marked =
      status === 'revoked' || status === 'withheld'
        ? {
            ...(await invalidateCitationsOfDocument(tx, documentId, reason)),
            // Chat messages that quoted it are edited by the running bot's withdrawal dispatcher.
            chatMessages: await requestWithdrawalOfDocument(tx, documentId, reason),
          }
        : null;
    return { applied, marked };
  });
  print(
    consentJson(state.applied),
    () =>
      `${describeConsent(state.applied)}. Takes effect on the next question.` +
      (state.marked
        ? `\nMarked ${state.marked.answers} stored answer(s) and ${state.marked.drafts} summary draft(s) that cited it; unposted drafts can no longer be approved; ${state.marked.chatMessages} chat message(s) will be edited to withdraw the quoted text.`
        : ''),
  );
}

export function registerConsentCommands(program: Command): void {
  const consent = program.command('consent').description("grant, withhold or revoke a document's consent, and show its history");
  const withActor = (command: Command) =>
    command.option('--actor <name>', 'who made the change (default: cli:<os user>)').option('--reason <text>', 'why, for the history');

  withActor(
    consent
      .command('grant')
      .description('grant consent to an audience')
      .argument('<doc-id>')
      .requiredOption('--audience <audience>', 'compact | entities:CTED,UNODC | groups:wg-border,wg-justice'),
  ).action(async (documentId: string, options: ChangeOptions, command: Command) => {
    await withCli(command, (context) => change(context, documentId, 'granted', options));
  });

  withActor(
    consent.command('withhold').description('withhold consent: only the owner entity sees the document').argument('<doc-id>'),
  ).action(async (documentId: string, options: ChangeOptions, command: Command) => {
    await withCli(command, (context) => change(context, documentId, 'withheld', options));
  });

  withActor(
    consent
      .command('revoke')
      .description('revoke consent: only the owner entity sees the document, from the next question on')
      .argument('<doc-id>'),
  ).action(async (documentId: string, options: ChangeOptions, command: Command) => {
    await withCli(command, (context) => change(context, documentId, 'revoked', options));
  });

  consent
    .command('history')
    .description("every change of a document's consent, oldest first")
    .argument('<doc-id>')
    .action(async (documentId: string, _options: unknown, command: Command) => {
      await withCli(command, async ({ db, print }) => {
        await requireDocument(db, documentId);
        const history = await listConsentHistory(db, documentId);
        print({ documentId, history: history.map((entry) => ({ ...entry, audience: formatAudience(entry.audience) })) }, () =>
          [
            `Consent history of ${documentId}:`,
            ...history.map(
              (entry) =>
                `  v${entry.version} ${entry.changedAt.toISOString()} ${entry.status} audience=${formatAudience(entry.audience)} by ${entry.actor}${entry.reason ? ` — ${entry.reason}` : ''}`,
            ),
          ].join('\n'),
        );
      });
    });
}
