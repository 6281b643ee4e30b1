import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { AskContext } from '../../../src/core/types.js';
import { listScopedDocumentIds } from '../../../src/db/queries/access-scope.js';
import { applyConsentChange } from '../../../src/db/queries/consents.js';
import { FIXTURE_CATALOG, FIXTURE_DIRECTORY, loadIngestFixture } from '../../helpers/ingest-fixture.js';
import { useTestDatabase } from '../../helpers/test-database.js';

/**
 * An independent implementation of the access rule, written from the README's wording and reading
 * the YAML files directly (no SQL, no project code): the property the SQL scope must agree with for
 * every member, document and context.
 */
interface Consent {
  status: string;
  audience: 'compact' | { entities: string[] } | { working_groups: string[] } | null;
}
interface Member {
  id: string;
  entity: string;
  groups: string[];
}

const directory = parse(readFileSync(FIXTURE_DIRECTORY, 'utf8')) as {
  members: { id: string; entity: string; working_groups: { wg: string }[] }[];
  working_groups: { id: string }[];
};
const catalog = parse(readFileSync(FIXTURE_CATALOG, 'utf8')) as { documents: { id: string; owner_entity: string; consent: Consent }[] };
const members: Member[] = directory.members.map((m) => ({ id: m.id, entity: m.entity, groups: m.working_groups.map((g) => g.wg) }));
const groups = directory.working_groups.map((g) => g.id);

function maySee(member: Member, owner: string, consent: Consent): boolean {
  if (member.entity === owner) return true;
  if (consent.status !== 'granted' || consent.audience === null) return false;
  if (consent.audience === 'compact') return true;
  if ('entities' in consent.audience) return consent.audience.entities.includes(member.entity);
  return consent.audience.working_groups.some((g) => member.groups.includes(g));
}

function expectedScope(consents: Map<string, Consent>, member: Member, group: string | null): string[] {
  return catalog.documents
    .filter((doc) => {
      const consent = consents.get(doc.id) ?? doc.consent;
      if (!maySee(member, doc.owner_entity, consent)) return false;
      if (group === null) return true;
      const peers = members.filter((m) => m.groups.includes(group));
      return peers.length > 0 && peers.every((peer) => maySee(peer, doc.owner_entity, consent));
    })
    .map((doc) => doc.id)
    .sort();
}

const test = useTestDatabase({ seed: loadIngestFixture });
const overrides = new Map<string, Consent>();

async function checkEveryPair(): Promise<number> {
  let checked = 0;
  for (const member of members) {
    for (const group of [null, ...groups]) {
      const context: AskContext = group === null ? { kind: 'dm' } : { kind: 'channel', workingGroupId: group };
      const actual = await listScopedDocumentIds(test.db, { memberId: member.id, context });
      // The asker's own visibility bounds a channel scope too (askers in a channel are its members).
      const expected =
        group === null
          ? expectedScope(overrides, member, null)
          : expectedScope(overrides, member, group).filter((id) => expectedScope(overrides, member, null).includes(id));
      expect(actual, `${member.id} in ${group ?? 'dm'}`).toEqual(expected);
      checked += 1;
    }
  }
  return checked;
}

describe('access scope in SQL', () => {
  it('agrees with an independent implementation of the rule for every member × document × context', async () => {
    expect(await checkEveryPair()).toBe(members.length * (groups.length + 1));
  });

  it('still agrees after consent changes of every kind', async () => {
    const changes: [string, Consent, Parameters<typeof applyConsentChange>[2]][] = [
      ['doc-rur-assess', { status: 'revoked', audience: 'compact' }, { status: 'revoked', audience: { kind: 'compact' }, actor: 'test' }],
      [
        'doc-fre-assess',
        { status: 'granted', audience: { working_groups: ['wg-two'] } },
        { status: 'granted', audience: { kind: 'groups', ids: ['wg-two'] }, actor: 'test' },
      ],
      [
        'doc-fre-ta',
        { status: 'granted', audience: { entities: ['ALPHA'] } },
        { status: 'granted', audience: { kind: 'entities', ids: ['ALPHA'] }, actor: 'test' },
      ],
      ['doc-notes-ar', { status: 'granted', audience: 'compact' }, { status: 'granted', audience: { kind: 'compact' }, actor: 'test' }],
      ['doc-rur-ta', { status: 'withheld', audience: null }, { status: 'withheld', audience: { kind: 'none' }, actor: 'test' }],
    ];
    for (const [documentId, consent, change] of changes) {
      await test.db.transaction((tx) => applyConsentChange(tx, documentId, change));
      overrides.set(documentId, consent);
      await checkEveryPair();
    }
  });

  it('in a room, also bounds the scope by every reader the room lists (room ∩ group ∩ asker)', async () => {
    let checked = 0;
    for (const member of members) {
      for (const group of groups) {
        for (const reader of members) {
          const context: AskContext = { kind: 'channel', workingGroupId: group, readerIds: [member.id, reader.id] };
          const actual = await listScopedDocumentIds(test.db, { memberId: member.id, context });
          const own = expectedScope(overrides, member, null);
          const readers = expectedScope(overrides, reader, null);
          const expected = expectedScope(overrides, member, group).filter((id) => own.includes(id) && readers.includes(id));
          expect(actual, `${member.id} in ${group} read by ${reader.id}`).toEqual(expected);
          checked += 1;
        }
      }
    }
    expect(checked).toBe(members.length * members.length * groups.length);
    // Readers alone do not open a group with no members of its own to more than they share.
    const anna = members.find((m) => m.id === 'mbr-anna')!;
    expect(
      await listScopedDocumentIds(test.db, {
        memberId: 'mbr-anna',
        context: { kind: 'channel', workingGroupId: 'wg-empty', readerIds: [] },
      }),
    ).toEqual([]);
    expect(anna).toBeDefined();
  });

  it('gives an unknown member and a group with no members nothing', async () => {
    expect(await listScopedDocumentIds(test.db, { memberId: null, context: { kind: 'dm' } })).toEqual([]);
    expect(await listScopedDocumentIds(test.db, { memberId: 'mbr-nobody', context: { kind: 'dm' } })).toEqual([]);
    expect(
      await listScopedDocumentIds(test.db, { memberId: 'mbr-anna', context: { kind: 'channel', workingGroupId: 'wg-empty' } }),
    ).toEqual([]);
  });

  it('`access check --json` prints the same ids as the rule, through the real CLI', async () => {
    for (const member of members.filter((m) => m.id === 'mbr-ben')) {
      const result = await test.cli(['access', 'check', '--as', member.id, '--channel', 'wg-one', '--json']);
      expect(result.code, result.stderr).toBe(0);
      const body = JSON.parse(result.stdout) as { memberId: string; context: string; documentIds: string[] };
      const expected = expectedScope(overrides, member, 'wg-one').filter((id) => expectedScope(overrides, member, null).includes(id));
      expect(body).toEqual({ memberId: member.id, context: 'channel:wg-one', documentIds: expected });
    }
    const unknown = await test.cli(['access', 'check', '--as', 'mbr-nobody', '--json']);
    expect(unknown.code).toBe(2);
  });
});
