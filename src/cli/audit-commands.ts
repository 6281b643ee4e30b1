import type { Command } from 'commander';
import { inputError } from '../errors.js';
import { listAuditEntries, listDraftsCitingDocument, type AuditEntry } from '../db/queries/audit-trail.js';
import { withCli } from './context.js';

/** `--since`: an ISO date or date-time, or a span back from now (`30m`, `24h`, `7d`). */
export function parseSince(value: string, now = Date.now()): Date {
  const span = /^(\d+)\s*([mhdw])$/.exec(value.trim());
  if (span) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[span[2] as 'm' | 'h' | 'd' | 'w'];
    return new Date(now - Number(span[1]) * unit);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw inputError(`--since "${value}" is neither a date (2026-11-01, 2026-11-01T09:00Z) nor a span (30m, 24h, 7d).`);
  return date;
}

function entryJson(entry: AuditEntry, documentId?: string) {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    kind: entry.kind,
    memberId: entry.memberId,
    platform: entry.platform,
    context: entry.context,
    question: entry.question,
    citedDocumentIds: entry.citedDocumentIds,
    retrievedDocumentIds: entry.documentIds,
    ...(documentId ? { citedThisDocument: entry.citedDocumentIds.includes(documentId) } : {}),
    consentVersions: entry.consentVersions,
    model: entry.model,
    promptVersion: entry.promptVersion,
    latencyMs: entry.latencyMs,
    answerText: entry.answerText,
    invalidated: entry.invalidatedAt ? { at: entry.invalidatedAt.toISOString(), reason: entry.invalidatedReason } : null,
    outcome: entry.outcome ?? 'completed',
    details: entry.details,
  };
}

function entryLine(entry: AuditEntry, documentId?: string): string {
  const who = entry.memberId ?? '(unknown identity)';
  const cited = entry.citedDocumentIds.length > 0 ? `cited ${entry.citedDocumentIds.join(', ')}` : 'cited nothing';
  const touched = documentId && !entry.citedDocumentIds.includes(documentId) ? ` (retrieved ${documentId}, not cited)` : '';
  const question = entry.question ? ` "${entry.question.length > 80 ? `${entry.question.slice(0, 79)}…` : entry.question}"` : '';
  const meta = [
    entry.model ? `model ${entry.model}` : 'no model',
    entry.promptVersion,
    entry.latencyMs !== null ? `${entry.latencyMs} ms` : null,
    entry.outcome === 'stopped' ? 'stopped by the member' : null,
  ]
    .filter(Boolean)
    .join(', ');
  const invalid = entry.invalidatedAt ? `\n    INVALIDATED ${entry.invalidatedAt.toISOString()}: ${entry.invalidatedReason ?? ''}` : '';
  return `#${entry.id} ${entry.at.toISOString()} ${entry.kind} ${who} via ${entry.platform} in ${entry.context}${question}: ${cited}${touched} [${meta}]${invalid}`;
}

/** `compact-bot audit [--member <id>] [--since <when>] [--document <doc-id>] [--limit n] [--json]`. */
export function registerAuditCommands(program: Command): void {
  program
    .command('audit')
    .description('read the audit trail: who asked what, from which documents; --document lists who received what from a document')
    .option('--member <member-id>', 'only this member')
    .option('--since <when>', 'ISO date/time or a span back from now: 30m, 24h, 7d')
    .option('--document <doc-id>', 'answers and drafts that cited (or retrieved) this document')
    .option('--limit <n>', 'at most this many entries (newest first)', '200')
    .action(async (options: { member?: string; since?: string; document?: string; limit: string }, command: Command) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit <= 0) throw inputError('--limit must be a positive whole number.');
      const since = options.since ? parseSince(options.since) : undefined;
      await withCli(command, async ({ db, print }) => {
        const entries = await listAuditEntries(db, { memberId: options.member, since, documentId: options.document, limit });
        if (!options.document) {
          print({ entries: entries.map((e) => entryJson(e)) }, () =>
            entries.length === 0 ? 'No audit entries match.' : entries.map((e) => entryLine(e)).join('\n'),
          );
          return;
        }
        const documentId = options.document;
        const drafts = await listDraftsCitingDocument(db, documentId);
        const recipients = entries.filter((e) => e.citedDocumentIds.includes(documentId));
        print(
          {
            documentId,
            recipients: [...new Set(recipients.map((e) => e.memberId).filter((m): m is string => m !== null))].sort(),
            entries: entries.map((e) => entryJson(e, documentId)),
            drafts: drafts.map((d) => ({ ...d, createdAt: d.createdAt.toISOString(), postedAt: d.postedAt?.toISOString() ?? null })),
          },
          () => {
            const lines = [
              `Document ${documentId}: ${recipients.length} answers/drafts cited it, to ${new Set(recipients.map((e) => e.memberId)).size} members.`,
            ];
            lines.push(...entries.map((e) => entryLine(e, documentId)));
            if (drafts.length > 0) {
              lines.push('', 'Summary drafts citing it:');
              for (const d of drafts) {
                lines.push(
                  `  ${d.draftId} (${d.status}) for ${d.workingGroupId}, requested by ${d.requestedBy}${d.postedAt ? `, posted ${d.postedAt.toISOString()}` : ''}${d.invalidatedReason ? ` — invalidated: ${d.invalidatedReason}` : ''}`,
                );
              }
            }
            return lines.join('\n');
          },
        );
      });
    });
}
