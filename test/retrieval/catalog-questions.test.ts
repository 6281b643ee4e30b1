import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { CANARIES, seedScopeFixture } from '../helpers/scope-fixture.js';
import { answerQuestion } from '../../src/core/answering/answer-question.js';
import { NOT_FOUND_MESSAGE } from '../../src/core/answering/answer-messages.js';
import { createAnswerDependencies } from '../../src/app/create-search-chunks.js';
import { listScopedCatalog } from '../../src/db/queries/scoped-catalog.js';

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  await seedScopeFixture(test.db);
});
afterAll(async () => {
  await test.drop();
});

const ask = async (
  memberId: string,
  question: string,
  context: { kind: 'dm' } | { kind: 'channel'; workingGroupId: string } = { kind: 'dm' },
) => answerQuestion(await createAnswerDependencies(test.db, { audit: false }), { memberId, context, question });

describe('questions about documents, answered from the scoped catalog', () => {
  it('lists the documents on a Member State the member may see in a DM, with dates, each cited', async () => {
    // mbr-member (UNODC) sees doc-assess and doc-ta on Valdoria; not doc-recs (CTED only) nor doc-consult (withheld).
    const result = await ask('mbr-member', 'Which documents on Valdoria can I see, and what are their dates?');
    expect(result.answerable).toBe(true);
    expect(result.citations.map((c) => c.documentId).sort()).toEqual(['doc-assess', 'doc-ta']);
    expect(result.body).toContain('1 June 2026 (2026-06-01)');
    expect(result.body).toMatch(/\[1\][\s\S]*\[2\]/);
    for (const hidden of ['doc-recs', 'doc-consult', 'doc-ist', CANARIES.recs, CANARIES.consult])
      expect(result.answer).not.toContain(hidden);
  });

  it('in a channel lists only what every member of the group may see', async () => {
    // The CTED chair sees doc-recs privately, but wg-border's UNODC member does not.
    const dm = await ask('mbr-chair', 'Which documents on Valdoria can I see?');
    expect(dm.citations.map((c) => c.documentId)).toContain('doc-recs');
    const channel = await ask('mbr-chair', 'Which documents on Valdoria can I see?', { kind: 'channel', workingGroupId: 'wg-border' });
    expect(channel.citations.map((c) => c.documentId).sort()).toEqual(['doc-assess', 'doc-ta']);
  });

  it('says who shared a document, and refuses for one out of scope without a hint', async () => {
    const shared = await ask('mbr-member', 'Who shared the Valdoria needs list?');
    expect(shared.answerable).toBe(true);
    expect(shared.citations.map((c) => c.documentId)).toEqual(['doc-ta']);
    expect(shared.body).toContain('CTED');
    const hidden = await ask('mbr-member', 'Who shared the Valdoria recommendations?');
    expect(hidden.answerable).toBe(false);
    expect(hidden.answer).toBe(NOT_FOUND_MESSAGE);
    expect(hidden.citations).toEqual([]);
  });

  it('names the most recent document of any kind on a Member State, among those in scope only', async () => {
    await test.db.query(
      "UPDATE documents SET document_date = CASE id WHEN 'doc-ta' THEN '2026-07-01' WHEN 'doc-recs' THEN '2026-09-01' ELSE document_date END",
    );
    try {
      const question = 'What is the most recent document on Valdoria I can access, and who issued it?';
      const member = await ask('mbr-member', question);
      expect(member.citations.map((c) => c.documentId)).toEqual(['doc-ta']);
      expect(member.body).toMatch(/^The latest document available to you on .*Valdoria/);
      expect(member.body).toContain('1 July 2026');
      expect(member.answer).not.toContain(CANARIES.recs);
      // CTED's chair sees the newer recommendations.
      expect((await ask('mbr-chair', question)).citations.map((c) => c.documentId)).toEqual(['doc-recs']);
    } finally {
      await test.db.query("UPDATE documents SET document_date = '2026-06-01'");
    }
  });

  it('the catalog query itself never returns a document out of scope', async () => {
    const ids = (await listScopedCatalog(test.db, { memberId: 'mbr-member', context: { kind: 'dm' } })).map((e) => e.documentId).sort();
    expect(ids).toEqual(['doc-assess', 'doc-ist', 'doc-ta']);
    expect(await listScopedCatalog(test.db, { memberId: null, context: { kind: 'dm' } })).toEqual([]);
  });
});
