import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { hasVectorSupport } from '../db/migrate.js';
import { ingestCatalog, type IngestSummary } from '../ingest/ingest-catalog.js';
import { createEmbedder } from '../llm/embedder.js';
import { withCli } from './context.js';

function describeSummary(summary: IngestSummary): string {
  const lines = [
    `Ingested ${summary.catalog}: ${summary.added.length} added, ${summary.updated.length} updated, ${summary.unchanged.length} unchanged, ${summary.failed.length} failed (${summary.chunks} chunks written).`,
  ];
  if (summary.consentChanged.length > 0)
    lines.push(
      `Consent applied from the catalog for ${summary.consentChanged.length} document(s)${summary.consentChanged.length <= 5 ? `: ${summary.consentChanged.join(', ')}` : ''}.`,
    );
  for (const failure of summary.failed) lines.push(`  FAILED ${failure.documentId}: ${failure.path}: ${failure.reason}`);
  if (summary.warnings.length > 0) {
    lines.push('Text-quality warnings (the text is stored as data; fix the source if it matters):');
    for (const warning of summary.warnings) lines.push(`  ${warning.documentId} (${warning.kind}): ${warning.message}`);
  }
  return lines.join('\n');
}

export function registerIngestCommands(program: Command): void {
  program
    .command('ingest')
    .description('ingest the documents of a catalog.yaml with their consent (idempotent by content hash)')
    .argument('<catalog>', 'path to catalog.yaml; document paths are relative to it')
    .option('--root <folder>', "documents must lie inside this folder (default: the catalog's folder)")
    .action(async (catalog: string, options: { root?: string }, command: Command) => {
      await withCli(command, async ({ db, config, print, json, logger, io }) => {
        const vectors = await hasVectorSupport(db);
        const embedder = vectors ? createEmbedder(config.llm) : undefined;
        // A progress bar only for a person watching a terminal; pipes and --json get the summary alone.
        const bar =
          io.stdout.isTTY && !json
            ? new SingleBar({ format: 'Ingesting [{bar}] {value}/{total} {document}', hideCursor: true }, Presets.shades_classic)
            : undefined;
        let started = false;
        const summary = await ingestCatalog(db, path.resolve(catalog), {
          root: options.root,
          maxFileBytes: config.ingest.maxFileBytes,
          embedder,
          embedRestricted: config.llm.egress === 'internal',
          onProgress: ({ done, total, documentId }) => {
            if (!bar) return;
            if (!started) {
              bar.start(total, 0, { document: '' });
              started = true;
            }
            bar.update(done, { document: documentId });
          },
        });
        bar?.stop();
        logger.info(
          {
            added: summary.added.length,
            updated: summary.updated.length,
            unchanged: summary.unchanged.length,
            failed: summary.failed.length,
          },
          'ingest finished',
        );
        print(summary, () => describeSummary(summary));
        if (summary.failed.length > 0) {
          throw new AppError(
            'ingest.unreadable_file',
            `${summary.failed.length} document(s) could not be ingested (see above); the others were.`,
            { exitCode: 2 },
          );
        }
      });
    });
}
