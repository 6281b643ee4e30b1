import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadEvalItems } from '../../src/eval/load-eval-items.js';
import { readYamlFile } from '../../src/ingest/read-yaml-file.js';
import { LANGUAGES } from '../../src/core/retrieval/retrieved-chunk.js';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = path.join(REPOSITORY, '..', 'shared');
const fixture = (...parts: string[]) => path.join(REPOSITORY, 'test', 'fixtures', ...parts);

// Each set's query-rewrite table (what --model-path-recall has the recording server answer with),
// its questions, and the catalogs that give its documents' languages.
const SETS = [
  {
    label: 'shared corpus',
    questions: path.join(SHARED, 'corpus', 'eval', 'questions.yaml'),
    catalogs: [path.join(SHARED, 'corpus', 'catalog.yaml')],
    table: fixture('shared-corpus-translations.yaml'),
  },
  {
    label: 'eval-b',
    questions: fixture('eval-b', 'eval', 'questions.yaml'),
    catalogs: [fixture('eval-b', 'catalog.yaml')],
    table: fixture('eval-b', 'eval', 'translations.yaml'),
  },
  {
    label: 'eval-c',
    questions: fixture('eval-c', 'eval', 'questions.yaml'),
    catalogs: [fixture('eval-c', 'catalog.yaml')],
    table: fixture('eval-c', 'eval', 'translations.yaml'),
  },
  {
    label: 'eval-real',
    questions: fixture('eval-real', 'eval', 'questions.yaml'),
    catalogs: [path.join(SHARED, 'real-corpus', 'catalog.yaml')],
    table: fixture('eval-real', 'eval', 'translations.yaml'),
  },
];

function documentLanguages(catalogs: string[]): Map<string, string> {
  const languages = new Map<string, string>();
  for (const catalog of catalogs) {
    const data = readYamlFile(catalog).data as { documents: { id: string; language: string }[] };
    for (const document of data.documents) languages.set(document.id, document.language);
  }
  return languages;
}

describe('query-rewrite translation tables of the evaluation sets', () => {
  for (const set of SETS) {
    const present = [set.questions, set.table, ...set.catalogs].every((file) => existsSync(file));
    it.skipIf(!present)(
      `${set.label}: every cross-language item has its question translated into its documents' languages, and nothing else`,
      () => {
        const items = loadEvalItems(set.questions);
        const languages = documentLanguages(set.catalogs);
        const table = (readYamlFile(set.table).data as { translations: Record<string, Record<string, string>> }).translations;
        const questions = new Set(items.map((item) => item.question));
        // A key that is no question of the set (an edited question) would silently turn its rewrite off.
        expect(Object.keys(table).filter((question) => !questions.has(question))).toEqual([]);
        for (const [question, byLanguage] of Object.entries(table)) {
          for (const [language, translation] of Object.entries(byLanguage)) {
            expect(LANGUAGES as readonly string[]).toContain(language);
            expect(translation.trim()).not.toBe('');
            expect(translation).not.toBe(question);
          }
        }
        const untranslated = items
          .filter((item) => item.expect.answerable)
          .flatMap((item) =>
            [...new Set(item.expect.docs.map((doc) => languages.get(doc)))]
              .filter((language): language is string => language !== undefined && language !== item.language)
              .filter((language) => !table[item.question]?.[language])
              .map((language) => `${item.id} → ${language}`),
          );
        expect(untranslated).toEqual([]);
      },
    );
  }
});
