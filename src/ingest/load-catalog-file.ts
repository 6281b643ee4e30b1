import { realpathSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { LANGUAGES } from '../core/retrieval/retrieved-chunk.js';
import type { Audience, ConsentStatus } from '../core/access/access-rule.js';
import type { Classification, Language } from '../core/retrieval/retrieved-chunk.js';
import { describeIssue, readYamlFile } from './read-yaml-file.js';

/** The format of catalog.yaml (see the shared corpus README). */
const FORMATS = ['md', 'txt', 'html', 'pdf', 'docx'] as const;
export type DocumentFormat = (typeof FORMATS)[number];

const id = z.string().trim().min(1, 'must not be empty');
const isoDate = z
  .union([z.string(), z.date()])
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date such as "2026-05-19"'));

const audienceSchema = z
  .union([
    z.literal('compact'),
    z.object({ entities: z.array(id).min(1) }).strict(),
    z.object({ working_groups: z.array(id).min(1) }).strict(),
  ])
  .nullish();

const entrySchema = z.object({
  id,
  path: id,
  kind: id,
  format: z.enum(FORMATS).optional(),
  member_state: id.nullish(),
  owner_entity: id,
  language: z.enum(LANGUAGES),
  date: isoDate.nullish(),
  title: z.string().trim().min(1),
  canary: z.string().nullish(),
  classification: z.enum(['public', 'internal', 'restricted']).nullish(),
  consent: z
    .object({
      status: z.enum(['granted', 'withheld', 'pending', 'revoked']),
      audience: audienceSchema,
      granted_on: isoDate.nullish(),
      revoked_on: isoDate.nullish(),
    })
    .refine((consent) => consent.status !== 'granted' || (consent.audience !== null && consent.audience !== undefined), {
      message: 'a granted consent needs an audience (compact, {entities: [...]} or {working_groups: [...]})',
      path: ['audience'],
    }),
});

const catalogSchema = z.object({ version: z.number().optional(), documents: z.array(entrySchema) });

export interface CatalogEntry {
  id: string;
  /** Absolute path of the file. */
  filePath: string;
  /** The path as written in the catalog (relative to it), for messages. */
  relativePath: string;
  kind: string;
  format: DocumentFormat;
  memberStateId: string | null;
  ownerEntityId: string;
  language: Language;
  date: string | null;
  title: string;
  canary: string | null;
  classification: Classification;
  consent: { status: ConsentStatus; audience: Audience; grantedOn: string | null; revokedOn: string | null };
}

/** Assessment reports, consultation notes and roadmaps carry a Member State's sensitive detail. */
const RESTRICTED_KINDS = new Set(['assessment_report', 'consultation_notes', 'roadmap']);

export function defaultClassification(kind: string): Classification {
  return RESTRICTED_KINDS.has(kind) ? 'restricted' : 'internal';
}

function toAudience(raw: z.infer<typeof audienceSchema>): Audience {
  if (raw === 'compact') return { kind: 'compact' };
  if (raw && 'entities' in raw) return { kind: 'entities', ids: raw.entities };
  if (raw && 'working_groups' in raw) return { kind: 'groups', ids: raw.working_groups };
  return { kind: 'none' };
}

function formatOf(filePath: string): DocumentFormat | undefined {
  const extension = path.extname(filePath).slice(1).toLowerCase();
  if (extension === 'markdown') return 'md';
  if (extension === 'htm') return 'html';
  return (FORMATS as readonly string[]).includes(extension) ? (extension as DocumentFormat) : undefined;
}

export interface CatalogLoadOptions {
  /** The folder every document must lie in, symlinks resolved (default: the catalog's own folder). */
  root?: string;
  /** What the directory knows: audiences naming anything else are rejected, each with its line. */
  directory?: { entities: ReadonlySet<string>; workingGroups: ReadonlySet<string> };
}

function realFolder(folder: string, what: string): string {
  try {
    return realpathSync(folder);
  } catch (error) {
    throw new AppError('input.unreadable_file', `${folder}: cannot read the ${what} (${(error as Error).message}).`, {
      exitCode: 2,
      cause: error,
    });
  }
}

const isInside = (root: string, candidate: string) => {
  const relative = path.relative(root, candidate);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
};

/**
 * Where a catalog's `path` really points, or why it is refused. A catalog must not make us read (and
 * then serve to its audience) files outside its folder: absolute paths, `..` that climbs out, and
 * symlinks whose target lies outside are refused. A file that does not exist yet is left to ingest,
 * which reports it as a missing file for that document alone.
 */
function confinePath(root: string, baseDir: string, written: string): { filePath: string } | { problem: string } {
  const where = `the catalog's folder (${root})`;
  if (path.isAbsolute(written) || path.win32.isAbsolute(written))
    return { problem: `absolute paths are refused; give the path relative to ${where}` };
  const lexical = path.resolve(baseDir, written);
  if (!isInside(root, lexical)) return { problem: `points outside ${where}` };
  let real: string;
  try {
    real = realpathSync(lexical);
  } catch {
    return { filePath: lexical };
  }
  if (!isInside(root, real)) return { problem: `is a symbolic link to ${real}, outside ${where}` };
  return { filePath: real };
}

/**
 * Reads and validates catalog.yaml. Every problem is listed at once with its line; nothing is read
 * from the documents themselves here (a missing document file is a per-document failure at ingest).
 */
export function loadCatalogFile(catalogPath: string, options: CatalogLoadOptions = {}): CatalogEntry[] {
  const file = readYamlFile(catalogPath);
  const parsed = catalogSchema.safeParse(file.data);
  const describeEntry = (issuePath: (string | number)[]) => {
    if (issuePath[0] !== 'documents' || typeof issuePath[1] !== 'number') return issuePath.join('.') || 'catalog';
    const raw = (file.data as { documents?: { id?: unknown }[] }).documents?.[issuePath[1]];
    const label = typeof raw?.id === 'string' ? raw.id : `#${issuePath[1] + 1}`;
    return `documents (${label})${issuePath.length > 2 ? `, field ${issuePath.slice(2).join('.')}` : ''}`;
  };
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      describeIssue(file, issue.path as (string | number)[], issue.message, describeEntry),
    );
    throw new AppError('input.invalid', `The catalog is invalid (nothing was ingested):\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      exitCode: 2,
      detail: problems,
    });
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const baseDir = realFolder(path.dirname(path.resolve(catalogPath)), "catalog's folder");
  const root = options.root ? realFolder(path.resolve(options.root), 'ingest root') : baseDir;
  const entries = parsed.data.documents.map((raw, index): CatalogEntry => {
    if (seen.has(raw.id))
      problems.push(describeIssue(file, ['documents', index, 'id'], `duplicate document id '${raw.id}'`, describeEntry));
    seen.add(raw.id);
    const format = raw.format ?? formatOf(raw.path);
    if (!format)
      problems.push(
        describeIssue(file, ['documents', index, 'path'], 'unknown file type; give `format` (md, txt, html, pdf, docx)', describeEntry),
      );
    const confined = confinePath(root, baseDir, raw.path);
    if ('problem' in confined) problems.push(describeIssue(file, ['documents', index, 'path'], confined.problem, describeEntry));
    const audience = raw.consent?.audience;
    if (options.directory && audience && audience !== 'compact') {
      const [field, known, label] =
        'entities' in audience
          ? (['entities', options.directory.entities, 'entity'] as const)
          : (['working_groups', options.directory.workingGroups, 'working group'] as const);
      const ids = 'entities' in audience ? audience.entities : audience.working_groups;
      ids.forEach((audienceId, position) => {
        if (!known.has(audienceId))
          problems.push(
            describeIssue(
              file,
              ['documents', index, 'consent', 'audience', field, position],
              `unknown ${label} '${audienceId}' (not in the directory; see compact-bot directory show, or directory.yaml)`,
              describeEntry,
            ),
          );
      });
    }
    return {
      id: raw.id,
      filePath: 'filePath' in confined ? confined.filePath : path.resolve(baseDir, raw.path),
      relativePath: raw.path,
      kind: raw.kind,
      format: format ?? 'txt',
      memberStateId: raw.member_state ?? null,
      ownerEntityId: raw.owner_entity,
      language: raw.language,
      date: raw.date ?? null,
      title: raw.title,
      canary: raw.canary ?? null,
      classification: raw.classification ?? defaultClassification(raw.kind),
      consent: raw.consent
        ? {
            status: raw.consent.status,
            audience: toAudience(raw.consent.audience),
            grantedOn: raw.consent.granted_on ?? null,
            revokedOn: raw.consent.revoked_on ?? null,
          }
        : { status: 'pending', audience: { kind: 'none' }, grantedOn: null, revokedOn: null },
    };
  });
  if (problems.length > 0) {
    throw new AppError('input.invalid', `The catalog is invalid (nothing was ingested):\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      exitCode: 2,
      detail: problems,
    });
  }
  return entries;
}
