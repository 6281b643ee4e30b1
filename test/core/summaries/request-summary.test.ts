import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../helpers/test-database.js';
import { CANARIES, revokeConsent, seedScopeFixture } from '../../helpers/scope-fixture.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../helpers/fake-openai-server.js';
import { requestSummary, SUMMARY_REFUSAL_MESSAGE, type SummaryDeps } from '../../../src/core/summaries/request-summary.js';
import { approveDraft, discardDraft, markDraftPosted, showDraft } from '../../../src/core/summaries/review-summary.js';
import { summaryStore } from '../../../src/db/queries/summary-drafts.js';
import { invalidateCitationsOfDocument, listAuditEntries } from '../../../src/db/queries/audit-trail.js';
import { loadConfig } from '../../../src/config.js';
import { createChatModel } from '../../../src/llm/openai-chat-model.js';
import { loadPromptLibrary } from '../../../src/llm/prompt-library.js';

const test = useTestDatabase({ seed: seedScopeFixture });
let server: FakeOpenAiServer;
let store: ReturnType<typeof summaryStore>;

beforeAll(async () => {
  store = summaryStore(test.db);
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const request = { memberId: 'mbr-chair', workingGroupId: 'wg-border', memberStateId: 'valdoria' };
const admin = { kind: 'admin' as const, name: 'test' };

function withModel(env: Record<string, string> = {}): SummaryDeps {
  const llm = loadConfig({ OPENAI_BASE_URL: server.baseUrl, LLM_MODEL: 'fake-chat', LLM_MAX_RETRIES: '0', ...env }).llm;
  return { ...store, model: createChatModel(llm), prompts: loadPromptLibrary() };
}

const FORBIDDEN = [CANARIES.recs, CANARIES.consult, CANARIES.ist];

describe('requestSummary', () => {
  it('refuses anyone but the chair or a co-chair, with one message that reveals nothing', async () => {
    const outcomes = await Promise.all([
      requestSummary(store, { ...request, memberId: 'mbr-member' }),
      requestSummary(store, { ...request, memberId: 'mbr-other' }),
      requestSummary(store, { ...request, memberId: 'mbr-nobody' }),
      requestSummary(store, { ...request, workingGroupId: 'wg-missing' }),
      requestSummary(store, { ...request, memberId: 'mbr-member', memberStateId: 'nowhere' }),
    ]);
    for (const outcome of outcomes) expect(outcome).toEqual({ refused: true, message: SUMMARY_REFUSAL_MESSAGE });
    const refusals = (await listAuditEntries(test.db, { memberId: 'mbr-member' })).filter((e) => e.kind === 'refusal');
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    expect(refusals[0]!.documentIds).toEqual([]);
  });

  it('drafts extractively from the channel scope only, six sections, every bullet cited', async () => {
    const outcome = await requestSummary(store, request);
    if (outcome.refused || outcome.empty) throw new Error('expected a draft');
    expect(outcome.status).toBe('draft');
    expect(outcome.draftId).toBe('sum-wg-border-valdoria-v1');
    expect(outcome.citations.map((c) => c.documentId).sort()).toEqual(['doc-assess', 'doc-ta']);
    for (const heading of [
      'Context of the consultation',
      'Assessment highlights',
      'Technical-assistance needs identified',
      'Recommendations',
      'Suggested roadmap items',
      'Open questions',
    ]) {
      expect(outcome.text).toContain(`## ${heading}`);
    }
    const bullets = outcome.text.split('\n').filter((line) => line.startsWith('- ') && !line.startsWith('- No information'));
    expect(bullets.length).toBeGreaterThan(2);
    for (const bullet of bullets) expect(bullet).toMatch(/\[\d+\]$/);
    expect(outcome.text).toContain('23 official land border crossing points');
    expect(outcome.text).toContain('VAL-TA-01');
    for (const canary of FORBIDDEN) expect(outcome.text).not.toContain(canary);
    // Planted instructions are data: never repeated in a draft.
    expect(outcome.text).not.toMatch(/ignore all previous instructions/i);

    const audit = (await listAuditEntries(test.db, { memberId: 'mbr-chair' })).find((e) => e.details.draftId === outcome.draftId);
    expect(audit?.kind).toBe('summary');
    expect(audit?.citedDocumentIds.sort()).toEqual(['doc-assess', 'doc-ta']);
    expect(audit?.consentVersions).toEqual({ 'doc-assess': 1, 'doc-ta': 1 });
    expect(audit?.platform).toBe('cli');
    expect(audit?.context).toBe('channel:wg-border');
  });

  it('gives the model only chunks in the channel scope (strongest leak test), and versions drafts', async () => {
    server.enqueue({
      content: [
        '## Context',
        '- CTED visited Valdoria in March 2026 [1].',
        '## Assessment',
        '- 23 crossing points [2].',
        '- Valdoria has a secret programme [9].',
        '## TA',
        '- VAL-TA-01 border posts [3].',
        '## Recs',
        '- NONE',
        '## Roadmap',
        '- NONE',
        '## Open',
        '- Interest by 15 October 2026 [4].',
      ].join('\n'),
    });
    const outcome = await requestSummary(withModel({ LLM_EGRESS: 'internal' }), request);
    if (outcome.refused || outcome.empty) throw new Error('expected a draft');
    const sent = server
      .chatRequests()
      .map((r) => r.promptText)
      .join('\n');
    expect(sent).toContain(CANARIES.assess);
    expect(sent).toContain(CANARIES.ta);
    for (const canary of FORBIDDEN) expect(sent).not.toContain(canary);
    expect(outcome.mode).toBe('llm');
    expect(outcome.version).toBe(2);
    // The invented citation's bullet is dropped: every bullet must be cited.
    expect(outcome.text).not.toContain('secret programme');
    expect(outcome.text).toContain('- 23 crossing points. [1]');
    const stored = await store.findDraft(outcome.draftId);
    expect(stored?.model).toBe('fake-chat');
    expect(stored?.promptVersion).toBe('summary.v1');
  });

  it('reads a model draft by its headings even with an extra section', async () => {
    server.enqueue({
      content: [
        '# Draft',
        '## Context of the consultation',
        '- CTED visited Valdoria [1].',
        '## Assessment highlights',
        '- 23 crossing points [2].',
        '## Technical-assistance needs identified',
        '- VAL-TA-01 [3].',
        '## Recommendations',
        '- NONE',
        '## Suggested roadmap items',
        '- NONE',
        '## Open questions',
        '- NONE',
        '## Sources',
        '- [1] whatever',
      ].join('\n'),
    });
    const outcome = await requestSummary(withModel({ LLM_EGRESS: 'internal' }), request);
    if (outcome.refused || outcome.empty) throw new Error('expected a draft');
    expect(outcome.mode).toBe('llm');
    expect(outcome.text).toContain('- 23 crossing points. [1]');
    expect(outcome.text).not.toContain('whatever');
  });

  it('never sends restricted text to an external endpoint; quotes it in the draft instead', async () => {
    server.enqueue({
      content: '## A\n- NONE\n## B\n- NONE\n## C\n- VAL-TA-01 border posts [1].\n## D\n- NONE\n## E\n- NONE\n## F\n- NONE',
    });
    const outcome = await requestSummary(withModel({ LLM_EGRESS: 'external' }), request);
    if (outcome.refused || outcome.empty) throw new Error('expected a draft');
    const sent = server.requests.map((r) => JSON.stringify(r.body)).join('\n');
    expect(sent).not.toContain(CANARIES.assess);
    expect(sent).not.toContain('23 official land border crossing points');
    expect(sent).toContain(CANARIES.ta);
    expect(outcome.text).toContain('23 official land border crossing points');
    expect(outcome.citations.map((c) => c.documentId).sort()).toEqual(['doc-assess', 'doc-ta']);
  });

  it('falls back to the extractive draft when the model times out', async () => {
    server.enqueue({ delayMs: 2_000, content: 'late' });
    const outcome = await requestSummary(withModel({ LLM_EGRESS: 'internal', LLM_TIMEOUT_MS: '200' }), request);
    if (outcome.refused || outcome.empty) throw new Error('expected a draft');
    expect(outcome.mode).toBe('llm_unavailable');
    expect(outcome.text).toMatch(/language model is unavailable/);
    expect(outcome.text).toContain('VAL-TA-01');
  });

  it('says there is nothing when no usable document is about the Member State', async () => {
    // doc-ist is granted compact, so wg-other drafts from it until consent is revoked.
    const outcome = await requestSummary(store, {
      ...request,
      memberStateId: 'istrana',
      workingGroupId: 'wg-other',
      memberId: 'mbr-other',
    });
    expect(outcome).toMatchObject({ refused: false, empty: false, citations: [{ documentId: 'doc-ist' }] });
    await revokeConsent(test.db, 'doc-ist');
    const none = await requestSummary(store, { ...request, memberStateId: 'istrana', workingGroupId: 'wg-other', memberId: 'mbr-other' });
    expect(none).toMatchObject({ refused: false, empty: true, draftId: null, citations: [] });
    if (!none.refused && none.empty) expect(none.text).not.toContain(CANARIES.ist);
  });
});

describe('reviewing drafts', () => {
  it('approves after re-checking scope, then posts; discard and show work; others see nothing', async () => {
    const outcome = await requestSummary(store, request);
    if (outcome.refused || outcome.empty) throw new Error('expected a draft');
    expect(await showDraft(store, outcome.draftId, { kind: 'member', memberId: 'mbr-member' })).toMatchObject({
      ok: false,
      failure: 'not_found',
    });
    const approved = await approveDraft(store, outcome.draftId, { kind: 'member', memberId: 'mbr-cochair' });
    expect(approved).toMatchObject({ ok: true, draft: { status: 'approved', reviewedBy: 'mbr-cochair' } });
    expect(await approveDraft(store, outcome.draftId, admin)).toMatchObject({ ok: false, failure: 'wrong_status' });
    expect(await markDraftPosted(store, outcome.draftId, admin, 'slack:C1:1.2')).toMatchObject({ ok: true, draft: { status: 'posted' } });
    expect(await discardDraft(store, outcome.draftId, admin)).toMatchObject({ ok: false, failure: 'wrong_status' });

    const other = await requestSummary(store, request);
    if (other.refused || other.empty) throw new Error('expected a draft');
    expect(await discardDraft(store, other.draftId, admin)).toMatchObject({ ok: true, draft: { status: 'discarded' } });
  });

  it('revocation marks drafts and answers citing the document; an unposted draft can no longer be approved', async () => {
    const outcome = await requestSummary(store, request);
    if (outcome.refused || outcome.empty) throw new Error('expected a draft');
    await test.db.transaction(async (tx) => {
      await revokeConsent(tx, 'doc-ta');
      const marked = await invalidateCitationsOfDocument(tx, 'doc-ta', 'consent revoked (v2)');
      expect(marked.drafts).toBeGreaterThanOrEqual(1);
      expect(marked.answers).toBeGreaterThanOrEqual(1);
    });
    const approval = await approveDraft(store, outcome.draftId, admin);
    expect(approval).toMatchObject({ ok: false, failure: 'invalidated' });
    expect((await store.findDraft(outcome.draftId))?.status).toBe('draft');
    const audit = await listAuditEntries(test.db, { documentId: 'doc-ta' });
    expect(audit.some((e) => e.invalidatedReason === 'consent revoked (v2)')).toBe(true);
    // Restore for the next test.
    await test.db.query(`UPDATE consents SET status = 'granted', version = version + 1 WHERE document_id = 'doc-ta'`);
  });

  it('approval re-checks scope in SQL even when nothing marked the draft', async () => {
    const outcome = await requestSummary(store, request);
    if (outcome.refused || outcome.empty) throw new Error('expected a draft');
    // Narrow the audience so the plain member can no longer see it: it leaves the channel scope.
    await test.db.query(
      `UPDATE consents SET audience_kind = 'entities', audience_ids = '{CTED}', version = version + 1 WHERE document_id = 'doc-assess'`,
    );
    const approval = await approveDraft(store, outcome.draftId, admin);
    expect(approval).toMatchObject({ ok: false, failure: 'out_of_scope' });
    expect((await store.findDraft(outcome.draftId))?.invalidatedReason).toContain('doc-assess');
  });
});
