import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSpecOf } from '../../src/eval/corpus-spec.js';

let root: string;
let repository: string;

beforeAll(() => {
  // <root>/repo/sets/real/corpus.yaml naming ../shared/… files that exist only in one test.
  root = mkdtempSync(path.join(os.tmpdir(), 'corpus-spec-'));
  repository = path.join(root, 'repo');
  mkdirSync(path.join(repository, 'sets', 'real', 'eval'), { recursive: true });
  writeFileSync(
    path.join(repository, 'sets', 'real', 'corpus.yaml'),
    [
      'label: real',
      'directories: [../shared/directory.yaml, ../shared/real/member-states.yaml]',
      'catalogs: [../shared/real/catalog.yaml]',
      'questions: sets/real/eval/questions.yaml',
    ].join('\n'),
  );
  writeFileSync(path.join(repository, 'sets', 'real', 'eval', 'questions.yaml'), 'items: []\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('corpusSpecOf', () => {
  it('reads a corpus.yaml: directories in order, then catalogs, all relative to the repository', () => {
    const spec = corpusSpecOf(path.join(repository, 'sets', 'real'), repository);
    expect(spec.label).toBe('real');
    expect(spec.directories).toEqual([
      path.join(root, 'shared', 'directory.yaml'),
      path.join(root, 'shared', 'real', 'member-states.yaml'),
    ]);
    expect(spec.catalogs).toEqual([path.join(root, 'shared', 'real', 'catalog.yaml')]);
    expect(spec.questionsPath).toBe(path.join(repository, 'sets', 'real', 'eval', 'questions.yaml'));
    expect(spec.descriptor).not.toBeNull();
    // The texts outside the repository are absent here: the set says which file, to be skipped.
    expect(spec.missing).toBe(`${path.join('..', 'shared', 'directory.yaml')} is absent`);
  });

  it('is complete once the files beside the repository exist', () => {
    mkdirSync(path.join(root, 'shared', 'real'), { recursive: true });
    for (const file of ['directory.yaml', 'real/member-states.yaml', 'real/catalog.yaml'])
      writeFileSync(path.join(root, 'shared', file), '');
    expect(corpusSpecOf(path.join(repository, 'sets', 'real'), repository).missing).toBeNull();
  });

  it('reads a plain corpus folder as before: catalog and directory one folder above eval/questions.yaml', () => {
    const spec = corpusSpecOf(path.join(repository, 'sets', 'plain'), repository);
    expect(spec.descriptor).toBeNull();
    expect(spec.label).toBe('plain');
    expect(spec.missing).toContain('no questions file');
  });
});
