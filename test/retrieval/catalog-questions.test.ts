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
    expect(result.body).toContain('1 June 2026');
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

  it('the catalog query itself never returns a document out of scope', async () => {
    const ids = (await listScopedCatalog(test.db, { memberId: 'mbr-member', context: { kind: 'dm' } })).map((e) => e.documentId).sort();
    expect(ids).toEqual(['doc-assess', 'doc-ist', 'doc-ta']);
    expect(await listScopedCatalog(test.db, { memberId: null, context: { kind: 'dm' } })).toEqual([]);
  });
});
