import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/core/answering/answer-question.js';
import { searchChunks } from '../../src/db/queries/retrieval.js';
import { createAnswerDependencies } from '../../src/app/create-search-chunks.js';
import { ingestBesideFixture } from '../helpers/ingest-fixture.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * Needs lists as CTED writes them: each need on several lines (code and need, then its lead, then
 * its priority), long enough to be cut into several chunks, for two Member States. The questions
 * are the kinds members ask of such lists: all of it, the items naming a lead, two items by code,
 * one item across both States' lists.
 */
const LEADS = ['UNODC', 'UN Women, IOM', 'OHCHR', 'INTERPOL', 'UNDP', 'WCO'];

function needsList(code: string, state: string): string {
  const items = Array.from({ length: 12 }, (_, index) => {
    const n = String(index + 1).padStart(2, '0');
    return [
      `${code}-TA-${n}  Equipment, procedures and a training course of ten days for the officers of ${state} district ${index + 1}, with a mentoring phase.`,
      `Lead: ${LEADS[index % LEADS.length]}.`,
      `Priority: ${index < 4 ? 'HIGH' : 'MEDIUM'}.`,
    ].join('\n');
  });
  return [
    `# Technical Assistance Needs: Republic of ${state}`,
    'Alpha Directorate · Date: 10 May 2026',
    'This list sets out each need with its suggested lead and its priority level. Entities post their offers on the platform.',
    `## Needs\n\n${items.join('\n\n')}\n`,
  ].join('\n\n');
}

const entry = (id: string, file: string, state: string, title: string) => `  - id: ${id}
    path: docs/${file}
    kind: ta_needs
    format: md
    member_state: ${state}
    owner_entity: ALPHA
    language: en
    date: "2026-05-10"
    title: "${title}"
    consent: { status: granted, audience: { entities: [ALPHA] }, granted_on: "2026-05-11" }
`;

const CATALOG = `version: 1
documents:
${entry('doc-fre-needs', 'fre.md', 'freedonia', 'Technical Assistance Needs: Republic of Freedonia')}${entry('doc-rur-needs', 'rur.md', 'ruritania', 'Technical Assistance Needs: Republic of Ruritania')}`;

const test = useTestDatabase();
let ingested: Awaited<ReturnType<typeof ingestBesideFixture>> | undefined;

beforeAll(async () => {
  ingested = await ingestBesideFixture(test.db, {
    'docs/fre.md': needsList('FDN', 'Freedonia'),
    'docs/rur.md': needsList('RTN', 'Ruritania'),
    'catalog.yaml': CATALOG,
  });
  expect(ingested.failed).toEqual([]);
});
afterAll(() => ingested?.remove());

async function ask(question: string) {
  return answerQuestion(await createAnswerDependencies(test.db, { audit: false }), {
    memberId: 'mbr-anna',
    context: { kind: 'dm' },
    question,
  });
}

describe('answers from needs lists', () => {
  it('spans several chunks per list, so the cases below are about passages', async () => {
    const { rows } = await test.db.query<{ n: number }>("SELECT count(*)::int AS n FROM chunks WHERE document_id = 'doc-fre-needs'");
    expect(rows[0]?.n).toBeGreaterThanOrEqual(3);
  });

  it("names a document by its title counting the words a stop list drops and the words of its State's name", async () => {
    // "needs" is in the standard English stop list, and the question says "Freedonia", not "Republic of Freedonia".
    const top = await searchChunks(test.db, {
      memberId: 'mbr-anna',
      context: { kind: 'dm' },
      query: "Please post Freedonia's technical-assistance needs list here.",
    });
    expect(top[0]?.documentId).toBe('doc-fre-needs');
    expect(top[0]?.titleCoverage).toBe(1);
  });

  it('posts a named list whole, from its first need, each need with its lead and priority', async () => {
    const result = await ask("Please post Freedonia's full technical-assistance needs list with the priority levels here.");
    expect(result.citations.map((c) => c.documentId)).toEqual(['doc-fre-needs']);
    const first = result.body.indexOf('FDN-TA-01');
    expect(first).toBeGreaterThan(-1);
    expect(result.body.indexOf('FDN-TA-02')).toBeGreaterThan(first);
    expect(result.body).toMatch(/FDN-TA-02 {2}Equipment[^\n]*Lead: UN Women, IOM\. Priority: HIGH\./);
    expect(result.body).not.toContain('RTN-TA');
  });

  it('quotes, of a list, the needs that name the lead asked about, each with its code', async () => {
    const result = await ask("Which of Freedonia's needs suggest INTERPOL as a lead?");
    expect(result.answerable).toBe(true);
    // FDN-TA-04 and FDN-TA-10 name INTERPOL; the line naming the lead is quoted with its need's code.
    expect(result.body).toMatch(/FDN-TA-04 [^\n]*Lead: INTERPOL\./);
    expect(result.body).toMatch(/FDN-TA-10 [^\n]*Lead: INTERPOL\./);
    expect(result.body).not.toMatch(/^Lead:/m);
    expect(result.body).not.toContain('FDN-TA-03');
  });

  it('answers a question naming two codes found in two passages, from those items only', async () => {
    const result = await ask('What are FDN-TA-01 and FDN-TA-12, and who should lead them?');
    expect(result.answerable).toBe(true);
    expect(result.body).toContain('FDN-TA-01');
    expect(result.body).toContain('FDN-TA-12');
    expect(result.body).not.toMatch(/FDN-TA-0[2-9]|FDN-TA-1[01]|RTN-TA/);
  });

  it("does not answer a code question from another State's list that only shares its framing", async () => {
    const result = await ask('Who is the suggested lead for RTN-TA-03, and what is its priority?');
    expect(result.citations.map((c) => c.documentId)).toEqual(['doc-rur-needs']);
    expect(result.body).toMatch(/RTN-TA-03 [^\n]*Lead: OHCHR\./);
    expect(result.body).not.toContain('FDN-TA');
  });

  it('answers from each State a question naming both, though a passage can name only one', async () => {
    const result = await ask("Across Freedonia's and Ruritania's needs lists, which needs name WCO as a lead?");
    expect(result.citations.map((c) => c.documentId).sort()).toEqual(['doc-fre-needs', 'doc-rur-needs']);
    expect(result.body).toMatch(/FDN-TA-06 [^\n]*Lead: WCO\./);
    expect(result.body).toMatch(/RTN-TA-06 [^\n]*Lead: WCO\./);
  });
});
