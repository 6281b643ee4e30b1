import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countDirectory, findMemberIdByIdentity, findMemberProfile, importDirectory } from '../../src/db/queries/directory.js';
import { loadDirectoryFile } from '../../src/ingest/load-directory-file.js';
import { useTestDatabase } from '../helpers/test-database.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/directory/valid.yaml', import.meta.url));
const COMPACT_DIRECTORY = fileURLToPath(new URL('../fixtures/directory/compact.yaml', import.meta.url));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'directory-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a variant of the valid fixture with one text replacement, to test one fault at a time. */
function variant(name: string, from: string | RegExp, to: string): string {
  const text = readFileSync(FIXTURE, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`fixture variant ${name} changed nothing`);
  const file = path.join(scratch, `${name}.yaml`);
  writeFileSync(file, changed);
  return file;
}

const test = useTestDatabase();

describe('directory import', () => {
  it('imports every section and is idempotent', async () => {
    const data = loadDirectoryFile(FIXTURE);
    const first = await importDirectory(test.db, data);
    expect(first).toEqual({ entities: 3, workingGroups: 2, memberStates: 1, members: 4, chatIdentities: 6, channels: 2 });
    const snapshot = await test.db.query('SELECT * FROM memberships ORDER BY member_id, working_group_id');
    const second = await importDirectory(test.db, data);
    expect(second).toEqual(first);
    expect((await test.db.query('SELECT * FROM memberships ORDER BY member_id, working_group_id')).rows).toEqual(snapshot.rows);

    const one = await findMemberProfile(test.db, 'mbr-one');
    expect(one).toMatchObject({
      entityId: 'CTED',
      workingGroups: [
        { id: 'wg-alpha', role: 'chair' },
        { id: 'wg-beta', role: 'member' },
      ],
    });
    expect(one?.identities.map((i) => `${i.platform}:${i.externalId}`).sort()).toEqual([
      'slack:U0AAAAAAAA1',
      'teams:11111111-1111-4111-8111-111111111111',
    ]);
    expect(await findMemberIdByIdentity(test.db, 'teams', 'any-tenant', '11111111-1111-4111-8111-111111111111'.toUpperCase())).toBe(
      'mbr-one',
    );
    expect(await findMemberIdByIdentity(test.db, 'slack', 'T1', 'U0NOBODY999')).toBeUndefined();
  });

  it("replaces a member's memberships with those in the file on re-import", async () => {
    const moved = variant('moved', '[{ wg: wg-alpha, role: chair }, { wg: wg-beta, role: member }]', '[{ wg: wg-alpha, role: chair }]');
    await importDirectory(test.db, loadDirectoryFile(moved));
    expect((await findMemberProfile(test.db, 'mbr-one'))?.workingGroups.map((g) => g.id)).toEqual(['wg-alpha']);
    await importDirectory(test.db, loadDirectoryFile(FIXTURE));
  });

  const bad: [string, () => string, RegExp][] = [
    ['malformed YAML', () => variant('malformed', 'members:', 'members: [\n  broken'), /malformed YAML at line \d+/],
    [
      'unknown working group',
      () => variant('unknown-wg', '{ wg: wg-beta, role: chair }', '{ wg: wg-gamma, role: chair }'),
      /members\[2\] \(member mbr-three\), field working_groups\.0\.wg: unknown working group 'wg-gamma'/,
    ],
    [
      'unknown entity',
      () => variant('unknown-entity', 'entity: UNWOMEN', 'entity: NOPE'),
      /members\[2\] \(member mbr-three\), field entity: unknown entity 'NOPE'/,
    ],
    [
      'duplicate chat identity',
      () => variant('dup-identity', 'slack: U0AAAAAAAA3', 'slack: U0AAAAAAAA1'),
      /field chat\.slack: chat identity U0AAAAAAAA1 is already used by mbr-one/,
    ],
    [
      'missing field',
      () => variant('missing-name', 'name: "Four Person"', 'nom: "Four Person"'),
      /members\[3\] \(member mbr-four\), field name/,
    ],
    [
      'bad role',
      () => variant('bad-role', '{ wg: wg-alpha, role: co-chair }', '{ wg: wg-alpha, role: boss }'),
      /field working_groups\.0\.role/,
    ],
    [
      'chair not matching the member entry',
      () => variant('chair-mismatch', 'chair: mbr-three', 'chair: mbr-four'),
      /working_groups\[1\] \(working group wg-beta\), field chair: mbr-four is named chair/,
    ],
    [
      'bad Teams id',
      () => variant('bad-teams', '"44444444-4444-4444-8444-444444444444"', '"29:abc"'),
      /field chat\.teams: must be an Azure AD object id/,
    ],
  ];

  for (const [name, makeFile, message] of bad) {
    it(`rejects ${name} with exit code 2, naming where, and leaves the database unchanged`, async () => {
      const file = makeFile();
      const before = await countDirectory(test.db);
      const result = await test.cli(['directory', 'import', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain(path.basename(file));
      expect(await countDirectory(test.db)).toEqual(before);
    });
  }

  it('rejects a chat identity already held by another member in the database, importing nothing', async () => {
    const other = path.join(scratch, 'other.yaml');
    writeFileSync(
      other,
      `entities: [{ id: CTED, acronym: CTED, name: CTED, type: x }]\nworking_groups: []\nmembers:\n  - { id: mbr-new, name: New, entity: CTED, chat: { slack: U0AAAAAAAA2 } }\n`,
    );
    const result = await test.cli(['directory', 'import', other]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/U0AAAAAAAA2 already belongs to mbr-two/);
    expect(await findMemberProfile(test.db, 'mbr-new')).toBeUndefined();
  });

  it('reports a missing file with exit code 2', async () => {
    const result = await test.cli(['directory', 'import', path.join(scratch, 'nope.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nope\.yaml: cannot read the file \(no such file\)/);
  });
});

describe('directory CLI on a Compact-shaped directory', () => {
  it('imports 5 entities, 3 working groups, 3 Member States, 7 members and shows a member as JSON', async () => {
    const imported = await test.cli(['--json', 'directory', 'import', COMPACT_DIRECTORY]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout).imported).toEqual({ entities: 5, workingGroups: 3, memberStates: 3, members: 7, channels: 4 });

    const shown = await test.cli(['directory', 'show', 'mbr-achair', '--json']);
    expect(shown.code).toBe(0);
    const profile = JSON.parse(shown.stdout);
    expect(profile.entityId).toBe('CTED');
    expect(profile.workingGroups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'wg-border', role: 'chair' }),
        expect.objectContaining({ id: 'wg-strategies', role: 'member' }),
      ]),
    );
    expect(profile.identities).toHaveLength(2);

    const unknown = await test.cli(['directory', 'show', 'mbr-nobody']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No member with id 'mbr-nobody'/);
  });

  it('answers bad usage with exit code 2', async () => {
    const result = await test.cli(['directory', 'frobnicate']);
    expect(result.code).toBe(2);
  });
});
