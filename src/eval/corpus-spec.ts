import path from 'node:path';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { readYamlFile } from '../ingest/read-yaml-file.js';

/** One evaluation set: what to load (directories in order, then catalogs) and the questions to score. */
export interface CorpusSpec {
  label: string;
  questionsPath: string;
  directories: string[];
  catalogs: string[];
  /** The corpus.yaml it was read from; null for a corpus folder or a questions file. */
  descriptor: string | null;
  /** Why the set cannot be scored here (its texts or questions are absent); it is skipped with this message. */
  missing: string | null;
}

/**
 * A corpus descriptor (corpus.yaml): an evaluation set whose texts live outside the repository
 * (../shared/real-corpus), named by paths relative to the repository, so the texts are read where
 * they are and never copied in.
 */
const descriptorSchema = z.object({
  label: z.string().min(1),
  directories: z.array(z.string().min(1)).min(1),
  catalogs: z.array(z.string().min(1)).min(1),
  questions: z.string().min(1),
});

export const DESCRIPTOR_FILE = 'corpus.yaml';

/** catalog.yaml / directory.yaml: beside the questions file, or one folder up (corpus/eval/questions.yaml). */
function besideQuestions(questionsPath: string, name: string): string {
  const here = path.join(path.dirname(questionsPath), name);
  return existsSync(here) ? here : path.join(path.dirname(questionsPath), '..', name);
}

function labelOf(questionsPath: string): string {
  const dir = path.dirname(questionsPath);
  return path.basename(path.basename(dir) === 'eval' ? path.dirname(dir) : dir);
}

function firstMissing(files: string[], repository: string): string | null {
  const absent = files.find((file) => !existsSync(file));
  return absent === undefined ? null : `${path.relative(repository, absent) || absent} is absent`;
}

/**
 * What `--corpus <x>` names: a folder with a corpus.yaml descriptor, a corpus folder holding
 * catalog.yaml, directory.yaml and eval/questions.yaml, or a questions.yaml itself.
 */
export function corpusSpecOf(corpus: string, repository: string, overrides: { directory?: string; catalogs?: string[] } = {}): CorpusSpec {
  const resolved = path.resolve(corpus);
  const descriptor = resolved.endsWith('.yaml') ? null : path.join(resolved, DESCRIPTOR_FILE);
  if (descriptor && existsSync(descriptor)) {
    const parsed = descriptorSchema.safeParse(readYamlFile(descriptor).data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('input.invalid', `${descriptor}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`, {
        exitCode: 2,
      });
    }
    const fromRepository = (file: string) => path.resolve(repository, file);
    const directories = overrides.directory ? [path.resolve(overrides.directory)] : parsed.data.directories.map(fromRepository);
    const catalogs = [...parsed.data.catalogs.map(fromRepository), ...(overrides.catalogs ?? []).map((c) => path.resolve(c))];
    const questionsPath = fromRepository(parsed.data.questions);
    return {
      label: parsed.data.label,
      questionsPath,
      directories,
      catalogs,
      descriptor,
      missing: firstMissing([...directories, ...catalogs, questionsPath], repository),
    };
  }
  const questionsPath = resolved.endsWith('.yaml') ? resolved : path.join(resolved, 'eval', 'questions.yaml');
  return {
    label: labelOf(questionsPath),
    questionsPath,
    directories: [path.resolve(overrides.directory ?? besideQuestions(questionsPath, 'directory.yaml'))],
    catalogs: [besideQuestions(questionsPath, 'catalog.yaml'), ...(overrides.catalogs ?? [])].map((p) => path.resolve(p)),
    descriptor: null,
    missing: existsSync(questionsPath) ? null : `no questions file at ${questionsPath}`,
  };
}
