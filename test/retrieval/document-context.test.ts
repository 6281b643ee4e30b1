import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_FOUND_MESSAGE } from '../../src/core/answering/answer-messages.js';
import { answerQuestion } from '../../src/core/answering/answer-question.js';
import { searchChunks } from '../../src/db/queries/retrieval.js';
import { createAnswerDependencies } from '../../src/app/create-search-chunks.js';
import { ingestBesideFixture } from '../helpers/ingest-fixture.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * What a passage carries from its document: the byline under the title is searchable in every
 * chunk, and a question naming a document by its title is answered from that document, all of it.
 * The roadmap is long enough to be cut into several chunks; ALPHA members may see it, GAMMA
 * members only the assessment report, which talks about priorities and assistance in general.
 */
const AREAS = ['Border management', 'Aviation security', 'Criminal justice', 'Financing of terrorism', 'Prisons', 'Cybercrime'];
const steps = Array.from({ length: 12 }, (_, index) => {
  const code = `FRE-RM-${String(index + 1).padStart(2, '0')}`;
  const need =
    index === 8
      ? 'A legal framework for licensing and supervising virtual asset service providers'
      : `Equipment, procedures and a training course of ten days for the officers of district ${index + 1}, with a mentoring phase`;
  return `${code}; Area: ${AREAS[index % AREAS.length]}; Need: ${need}; Suggested lead: UNODC; Priority: ${index < 4 ? 'High' : 'Medium'}`;
});

const TA_LIST = `# Technical Assistance Roadmap: Republic of Freedonia

**Alpha Directorate, Counter-Terrorism Section**
Date: 10 May 2026 · Ref. ZZ-1000-Z

## Steps

${steps.join('\n\n')}
`;

const ASSESSMENT = `# Report of the assessment visit to the Republic of Freedonia

## Conclusions

14. The Directorate identified ten priority areas for follow-up. The technical assistance agreed is set out in a separate document shared with the authorities.

15. The authorities described the border police as well equipped but short of trained analysts.
`;

const CATALOG = `version: 1
documents:
  - id: doc-fre-roadmap
    path: docs/ta.md
    kind: ta_needs
    format: md
    member_state: freedonia
    owner_entity: ALPHA
    language: en
    date: "2026-05-10"
    title: "Technical Assistance Roadmap: Republic of Freedonia"
    canary: ZZ-1000-Z
    consent: { status: granted, audience: { entities: [ALPHA] }, granted_on: "2026-05-11" }
  - id: doc-fre-visit
    path: docs/visit.md
    kind: assessment_report
    format: md
    member_state: freedonia
    owner_entity: ALPHA
    language: en
    date: "2026-04-01"
    title: "Report of the assessment visit to the Republic of Freedonia"
    canary: ZZ-2000-Z
    consent: { status: granted, audience: compact, granted_on: "2026-04-02" }
`;

const test = useTestDatabase();
let ingested: Awaited<ReturnType<typeof ingestBesideFixture>> | undefined;

beforeAll(async () => {
  ingested = await ingestBesideFixture(test.db, { 'docs/ta.md': TA_LIST, 'docs/visit.md': ASSESSMENT, 'catalog.yaml': CATALOG });
  expect(ingested.failed).toEqual([]);
});
afterAll(() => ingested?.remove());

async function ask(memberId: string, question: string) {
  return answerQuestion(await createAnswerDependencies(test.db, { audit: false }), { memberId, context: { kind: 'dm' }, question });
}

describe('a passage in the context of its document', () => {
  it('is cut into several chunks, so the cases below are about passages, not whole documents', async () => {
    const { rows } = await test.db.query<{ n: number }>("SELECT count(*)::int AS n FROM chunks WHERE document_id = 'doc-fre-roadmap'");
    expect(rows[0]?.n).toBeGreaterThanOrEqual(4);
  });

  it('matches the words of its document byline, however deep in the document it sits', async () => {
    const top = await searchChunks(test.db, {
      memberId: 'mbr-anna',
      context: { kind: 'dm' },
      query: 'Counter-Terrorism Section virtual asset service providers',
      limit: 3,
    });
    expect(top[0]?.text).toContain('FRE-RM-09');
    expect(top[0]?.coverage).toBeCloseTo(1, 5);
  });

  it("finds a Member State's documents from the adjective derived from its name", async () => {
    const best = async (query: string) =>
      (await searchChunks(test.db, { memberId: 'mbr-anna', context: { kind: 'dm' }, query, limit: 3 }))[0];
    for (const adjective of ['Freedonian', 'Freedonians']) {
      expect((await best(`${adjective} mentoring phase`))?.documentId).toBe('doc-fre-roadmap');
      expect((await best(`${adjective} mentoring phase`))?.coverage).toBeCloseTo(1, 5);
    }
    // Only English demonym endings count: a longer word that merely starts like the name does not.
    expect((await best('Freedonianism mentoring phase'))?.coverage).toBeLessThan(0.9);
  });

  it('answers a request for a document named by its title with that whole document', async () => {
    const result = await ask('mbr-anna', "Please post Freedonia's full technical-assistance roadmap with the priority levels here.");
    expect(result.answerable).toBe(true);
    expect(result.citations[0]?.documentId).toBe('doc-fre-roadmap');
    expect(result.answer).toContain('FRE-RM-01');
    expect(result.answer).toContain('FRE-RM-12');
  });

  it('does not answer from a named document what it does not contain', async () => {
    // "Detention" is in a report the member may see (the fixture's Ruritania assessment), not in the roadmap.
    const result = await ask('mbr-anna', "What does Freedonia's technical-assistance roadmap say about detention?");
    expect(result.answer).toBe(NOT_FOUND_MESSAGE);
  });

  it('does not stand in another document for a named one the member may not see', async () => {
    // mbr-cara (GAMMA) sees only the assessment report; its talk of priorities and needs is not the list.
    const result = await ask('mbr-cara', "Please post Freedonia's full technical-assistance roadmap with the priority levels here.");
    expect(result.answer).toBe(NOT_FOUND_MESSAGE);
    expect(result.citations).toEqual([]);
  });
});
