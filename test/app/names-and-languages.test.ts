import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/app/create-answer-service.js';
import { createSearchChunks } from '../../src/app/create-search-chunks.js';
import { loadConfig } from '../../src/config.js';
import { memberStatesNamed } from '../../src/core/retrieval/member-state-names.js';
import { importDirectory } from '../../src/db/queries/directory.js';
import { ingestCatalog } from '../../src/ingest/ingest-catalog.js';
import { loadDirectoryFile } from '../../src/ingest/load-directory-file.js';
import { createSilentLogger } from '../../src/logger.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

// Issue 20.4: Member States named as the maintained datasets name them (real States by ISO3 id,
// as in ../shared/real-corpus), and a question's language read reliably on short text.

let test: TestDatabase;
let work: string;

const DOCUMENTS: Record<string, { state: string; title: string; text: string }> = {
  'doc-syr': {
    state: 'syr',
    title: 'Statement of the Syrian Arab Republic on returnees',
    text: 'The Government restored water and schools in the liberated towns so that displaced families could return home.',
  },
  'doc-gbr': {
    state: 'gbr',
    title: 'Statement of the United Kingdom on online radicalisation',
    text: 'Technology companies must remove terrorist content from their platforms within two hours of it being uploaded.',
  },
  'doc-irn': {
    state: 'irn',
    title: 'Statement of the Islamic Republic of Iran on sanctions',
    text: 'Unilateral sanctions deprive patients of medicine and must be lifted without conditions.',
  },
  'doc-irq-displaced': {
    state: 'irq',
    title: 'Statement of Iraq on displaced families',
    text: 'Families displaced from Ninawa need shelter before the winter comes.',
  },
  'doc-stp': {
    state: 'stp',
    title: 'Statement of Sao Tome and Principe on graduation',
    text: 'Sao Tome and Principe is preparing to graduate from the category of least developed countries by December 2024.',
  },
  'doc-irq': {
    state: 'irq',
    title: 'Statement of Iraq on the liberation of Mosul',
    text: "Iraqi forces liberated Mosul from Da'esh after nine months of fighting, with the support of the international coalition.",
  },
};

beforeAll(async () => {
  test = await createTestDatabase();
  work = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-names-'));
  mkdirSync(path.join(work, 'docs'));
  writeFileSync(
    path.join(work, 'directory.yaml'),
    [
      'version: 1',
      'entities:',
      '  - { id: ALPHA, acronym: ALPHA, name: Alpha Directorate, type: un_entity }',
      'working_groups: []',
      'member_states:',
      '  - { id: syr, name: Syrian Arab Republic, region: Western Asia }',
      '  - { id: gbr, name: United Kingdom of Great Britain and Northern Ireland, region: Northern Europe }',
      '  - { id: irn, name: Iran (Islamic Republic of), region: Southern Asia }',
      '  - { id: irq, name: Iraq, region: Western Asia }',
      '  - { id: stp, name: Sao Tome and Principe, region: Middle Africa }',
      'members:',
      '  - { id: mbr-anna, name: Anna Alpha, entity: ALPHA, working_groups: [] }',
      '  - { id: mbr-dan, name: Dan Alpha, entity: ALPHA, working_groups: [] }',
      'channels: []',
    ].join('\n'),
  );
  await importDirectory(test.db, loadDirectoryFile(path.join(work, 'directory.yaml')));
  const entries: string[] = ['version: 1', 'documents:'];
  for (const [id, document] of Object.entries(DOCUMENTS)) {
    writeFileSync(path.join(work, 'docs', `${id}.md`), `# ${document.title}\n\n${document.text}\n`);
    entries.push(
      `  - id: ${id}`,
      `    path: docs/${id}.md`,
      '    kind: meeting_minutes',
      '    owner_entity: ALPHA',
      `    member_state: ${document.state}`,
      '    language: en',
      `    title: "${document.title}"`,
      '    consent: { status: granted, audience: compact }',
    );
  }
  writeFileSync(path.join(work, 'catalog.yaml'), entries.join('\n'));
  const summary = await ingestCatalog(test.db, path.join(work, 'catalog.yaml'));
  expect(summary.failed).toEqual([]);
});

afterAll(async () => {
  await test?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const extractive = () => createAnswerService(test.db, loadConfig({ DATA_DIR: 'memory' }), createSilentLogger(), { audit: false });
const ask = async (question: string, memberId = 'mbr-anna') =>
  (await extractive())({ memberId, context: { kind: 'dm' }, question, platform: 'cli' });

describe('Member States named by maintained data, in retrieval', () => {
  it('stores the six-language forms of real States at directory import', async () => {
    const rows = await test.db.query<{ name: string }>(
      "SELECT name FROM member_state_names WHERE member_state_id = 'gbr' ORDER BY position",
    );
    const names = rows.rows.map((row) => row.name);
    expect(names).toEqual(expect.arrayContaining(['United Kingdom', 'UK', 'Britain', 'British', 'Royaume-Uni', 'Великобритания', '英国']));
  });

  it('"Syria" and "Syrian" find the Syrian Arab Republic\'s statement', async () => {
    const search = await createSearchChunks(test.db);
    for (const question of ['What did Syria do for displaced families?', 'Which Syrian towns got water and schools back?']) {
      const chunks = await search({ memberId: 'mbr-anna', context: { kind: 'dm' }, query: question });
      expect(chunks[0]?.documentId).toBe('doc-syr');
      expect([...memberStatesNamed(question, chunks)]).toEqual(['Syrian Arab Republic']);
    }
  });

  it('"the UK" and "Britain" name the United Kingdom; a British question finds its statement', async () => {
    const search = await createSearchChunks(test.db);
    for (const question of [
      'How fast must platforms remove content, according to the UK?',
      'What does Britain ask of technology companies?',
    ]) {
      const chunks = await search({ memberId: 'mbr-anna', context: { kind: 'dm' }, query: question });
      expect(chunks[0]?.documentId).toBe('doc-gbr');
      expect([...memberStatesNamed(question, chunks)]).toEqual(['United Kingdom of Great Britain and Northern Ireland']);
    }
  });

  it('"UK" in capitals is a term naming the United Kingdom, though the stop list holds "uk"; "us" stays a stop word', async () => {
    const search = await createSearchChunks(test.db);
    const chunks = await search({ memberId: 'mbr-anna', context: { kind: 'dm' }, query: 'Tell us what the UK wants removed' });
    expect(chunks[0]?.documentId).toBe('doc-gbr');
    expect(Object.keys(chunks[0]?.termWeights ?? {})).toContain('uk');
    expect(Object.keys(chunks[0]?.termWeights ?? {})).not.toContain('us');
  });

  it("hands on a named State's further passages beyond the ranked list, marked so", async () => {
    const search = await createSearchChunks(test.db);
    const chunks = await search({ memberId: 'mbr-anna', context: { kind: 'dm' }, query: 'What did Iraq say about Mosul?', limit: 1 });
    expect(chunks.map((chunk) => [chunk.documentId, chunk.ofNamedStateBeyondRanking === true])).toEqual([
      ['doc-irq', false],
      ['doc-irq-displaced', true],
    ]);
    // A question naming a kind of document asks for that document, not for the State's other words.
    const named = await search({
      memberId: 'mbr-anna',
      context: { kind: 'dm' },
      query: 'What does the Iraq assessment say about Mosul?',
      limit: 1,
    });
    expect(named.map((chunk) => chunk.documentId)).toEqual(['doc-irq']);
  });

  it('"São Tomé" finds the statement of Sao Tome and Principe, written without accents', async () => {
    const search = await createSearchChunks(test.db);
    const chunks = await search({ memberId: 'mbr-anna', context: { kind: 'dm' }, query: 'When does São Tomé leave that category?' });
    expect(chunks[0]?.documentId).toBe('doc-stp');
  });

  it('"Iran" names Iran (Islamic Republic of); "Islamic State" does not', async () => {
    const search = await createSearchChunks(test.db);
    const iran = await search({ memberId: 'mbr-anna', context: { kind: 'dm' }, query: 'What does Iran say about sanctions?' });
    expect(iran[0]?.documentId).toBe('doc-irn');
    expect([...memberStatesNamed('What does Iran say about sanctions?', iran)]).toEqual(['Iran (Islamic Republic of)']);
    const question = 'Who liberated Mosul from the Islamic State?';
    const chunks = await search({ memberId: 'mbr-anna', context: { kind: 'dm' }, query: question });
    expect(chunks[0]?.documentId).toBe('doc-irq');
    expect([...memberStatesNamed(question, chunks)]).toEqual([]);
  });
});

describe('the language of a question', () => {
  it("answers a short English question about Iraq and Da'esh in English (franc-min read it as French)", async () => {
    const result = await ask("What did Iraq say about Da'esh?", 'mbr-dan');
    expect(result.language).toBe('en');
    expect(result.answerable).toBe(true);
    expect(result.citations.map((citation) => citation.documentId)).toContain('doc-irq');
  });

  it("falls back to the member's last language when the detector is unsure, and to English without one", async () => {
    const french = await ask("Qu'ont fait les forces irakiennes à Mossoul contre Da'esh ?");
    expect(french.language).toBe('fr');
    // "Boko Haram ?" and "Merci" tell no language: the member asked in French last.
    expect((await ask('Boko Haram ?')).language).toBe('fr');
    expect((await ask('Boko Haram ?', 'mbr-dan')).language).toBe('en');
  });
});

describe('cross-language questions through the model path (issue 20.5)', () => {
  let model: FakeOpenAiServer;
  beforeAll(async () => {
    model = await startFakeOpenAiServer();
  });
  afterAll(async () => {
    await model?.close();
  });

  const ENGLISH = 'How quickly must technology companies remove terrorist content?';
  // None of these shares a word with the English statement: only the translation can find it.
  const QUESTIONS = {
    fr: 'Combien de temps les entreprises ont-elles pour supprimer les messages extrémistes ?',
    zh: '科技公司必须在多长时间内删除恐怖主义内容？',
    ar: 'ما المدة التي يجب على شركات التكنولوجيا خلالها إزالة المحتوى الإرهابي؟',
  };
  const SOURCE = 'source="Statement of the United Kingdom on online radicalisation';

  const withModel = () =>
    createAnswerService(
      test.db,
      loadConfig({
        DATA_DIR: 'memory',
        OPENAI_BASE_URL: model.baseUrl,
        OPENAI_API_KEY: 'sk-test',
        LLM_MODEL: 'fake-chat',
        LLM_EGRESS: 'internal',
        LLM_MAX_RETRIES: '0',
        LLM_QUERY_REWRITE: 'true',
      }),
      createSilentLogger(),
      { audit: false },
    );
  const answerPrompts = () => model.chatRequests().filter((request) => request.promptText.includes('source="'));

  it('without a translation, a French question does not reach the English statement (the control)', async () => {
    model.reset();
    model.setTranslations({});
    await (
      await withModel()
    )({ memberId: 'mbr-anna', context: { kind: 'dm' }, question: QUESTIONS.fr, platform: 'cli' });
    expect(answerPrompts().some((request) => request.promptText.includes(SOURCE))).toBe(false);
  });

  it.each(Object.entries(QUESTIONS))('a %s question reaches the English statement through its translation', async (language, question) => {
    model.reset();
    model.setTranslations({ [question]: { en: ENGLISH } });
    const result = await (await withModel())({ memberId: 'mbr-anna', context: { kind: 'dm' }, question, platform: 'cli' });
    expect(result.language).toBe(language);
    // The rewrite request carried the member's question only, and the answer prompt the English statement.
    const rewrite = model.chatRequests().find((request) => request.promptText.includes('You translate search questions'));
    expect(rewrite?.promptText).toContain(question);
    expect(answerPrompts().some((request) => request.promptText.includes(SOURCE))).toBe(true);
  });
});
