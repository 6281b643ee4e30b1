import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/test-database.js';
import { CANARIES, seedScopeFixture } from '../helpers/scope-fixture.js';

const test = useTestDatabase({ seed: seedScopeFixture });

describe('compact-bot summary', () => {
  it('refuses a non-chair with { refused, message } and exit code 2', async () => {
    const result = await test.cli(['summary', '--as', 'mbr-member', '--wg', 'wg-border', '--state', 'valdoria', '--json']);
    expect(result.code).toBe(2);
    const body = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['message', 'refused']);
    expect(body.refused).toBe(true);
    expect(String(body.message)).not.toMatch(/valdoria|doc-/i);
  });

  it('drafts, shows, approves; prints { draftId, status, text, citations }', async () => {
    const result = await test.cli(['summary', '--as', 'mbr-chair', '--wg', 'wg-border', '--state', 'valdoria', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const draft = JSON.parse(result.stdout) as {
      draftId: string;
      status: string;
      text: string;
      citations: { n: number; documentId: string; title: string }[];
    };
    expect(Object.keys(draft).sort()).toEqual(['citations', 'draftId', 'status', 'text']);
    expect(draft.status).toBe('draft');
    expect(draft.citations.map((c) => c.documentId).sort()).toEqual(['doc-assess', 'doc-ta']);
    expect(draft.citations[0]).toEqual({ n: 1, documentId: expect.any(String), title: expect.any(String) });
    for (const canary of [CANARIES.recs, CANARIES.consult, CANARIES.ist]) expect(draft.text).not.toContain(canary);

    const shown = await test.cli(['summary', 'show', draft.draftId, '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ draftId: draft.draftId, status: 'draft', text: draft.text });

    // A member who is not chair cannot approve, or even learn that the draft exists.
    const byMember = await test.cli(['summary', 'approve', draft.draftId, '--as', 'mbr-member']);
    expect(byMember.code).toBe(2);
    expect(byMember.stderr).toMatch(/No such summary draft/);

    const approved = await test.cli(['summary', 'approve', draft.draftId, '--as', 'mbr-cochair', '--json']);
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ draftId: draft.draftId, status: 'approved' });
  });

  it('revocation blocks approval; audit --document lists who received what', async () => {
    const made = JSON.parse(
      (await test.cli(['summary', '--as', 'mbr-chair', '--wg', 'wg-border', '--state', 'valdoria', '--json'])).stdout,
    ) as { draftId: string };
    // The administrator's revocation reaches back to the stored draft.
    const revoked = await test.cli(['consent', 'revoke', 'doc-ta', '--reason', 'test']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/Marked \d+ stored answer\(s\) and [1-9]\d* summary draft\(s\)/);

    const approval = await test.cli(['summary', 'approve', made.draftId]);
    expect(approval.code).toBe(2);
    expect(approval.stderr).toMatch(/can no longer be approved/);

    const audit = await test.cli(['audit', '--document', 'doc-ta', '--json']);
    expect(audit.code).toBe(0);
    const report = JSON.parse(audit.stdout) as {
      recipients: string[];
      entries: { kind: string; invalidated: unknown }[];
      drafts: { draftId: string; status: string }[];
    };
    expect(report.recipients).toEqual(['mbr-chair']);
    expect(report.entries.every((e) => e.kind === 'summary' && e.invalidated !== null)).toBe(true);
    expect(report.drafts.find((d) => d.draftId === made.draftId)?.status).toBe('draft');

    const byMember = await test.cli(['audit', '--member', 'mbr-member', '--since', '1d', '--json']);
    const entries = (JSON.parse(byMember.stdout) as { entries: { kind: string; memberId: string }[] }).entries;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.memberId === 'mbr-member' && e.kind === 'refusal')).toBe(true);
  });
});
