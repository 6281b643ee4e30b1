import { describe, expect, it } from 'vitest';
import { listScopedDocumentIds } from '../../src/db/queries/access-scope.js';
import { loadIngestFixture } from '../helpers/ingest-fixture.js';
import { useTestDatabase } from '../helpers/test-database.js';

const test = useTestDatabase({ seed: loadIngestFixture });

describe('compact-bot consent', () => {
  it('grants to groups, withholds, and rejects a bad audience or an unknown document with exit code 2', async () => {
    // doc-fre-assess is withheld (owner BETA): mbr-cara (GAMMA, wg-two) cannot see it.
    expect(await listScopedDocumentIds(test.db, { memberId: 'mbr-cara', context: { kind: 'dm' } })).not.toContain('doc-fre-assess');

    const grant = await test.cli([
      'consent',
      'grant',
      'doc-fre-assess',
      '--audience',
      'groups:wg-two',
      '--actor',
      'admin',
      '--reason',
      'Freedonia agreed',
      '--json',
    ]);
    expect(grant.code, grant.stderr).toBe(0);
    expect(JSON.parse(grant.stdout)).toMatchObject({
      documentId: 'doc-fre-assess',
      status: 'granted',
      audience: 'groups:wg-two',
      version: 2,
      changedBy: 'admin',
    });
    expect(await listScopedDocumentIds(test.db, { memberId: 'mbr-cara', context: { kind: 'dm' } })).toContain('doc-fre-assess');

    const withhold = await test.cli(['consent', 'withhold', 'doc-fre-assess', '--actor', 'admin']);
    expect(withhold.code, withhold.stderr).toBe(0);
    expect(await listScopedDocumentIds(test.db, { memberId: 'mbr-cara', context: { kind: 'dm' } })).not.toContain('doc-fre-assess');
    // The owner entity keeps access whatever the consent.
    expect(await listScopedDocumentIds(test.db, { memberId: 'mbr-ben', context: { kind: 'dm' } })).toContain('doc-fre-assess');

    const badAudience = await test.cli(['consent', 'grant', 'doc-fre-assess', '--audience', 'groups:wg-nowhere']);
    expect(badAudience.code).toBe(2);
    expect(badAudience.stderr).toContain('wg-nowhere');
    const unknown = await test.cli(['consent', 'revoke', 'doc-nowhere']);
    expect(unknown.code).toBe(2);

    const history = await test.db.query<{ version: number; status: string; actor: string; reason: string | null }>(
      "SELECT version, status, actor, reason FROM consent_history WHERE document_id = 'doc-fre-assess' ORDER BY version",
    );
    expect(history.rows).toEqual([
      { version: 1, status: 'withheld', actor: 'catalog', reason: 'initial consent from catalog' },
      { version: 2, status: 'granted', actor: 'admin', reason: 'Freedonia agreed' },
      { version: 3, status: 'withheld', actor: 'admin', reason: null },
    ]);
  });
});
