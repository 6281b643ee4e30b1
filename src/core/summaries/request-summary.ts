import type { AuditRecord } from '../audit/audit-record.js';
import type { Role } from '../types.js';
import type { ChatModel, PromptLibrary } from '../answering/chat-model.js';
import { checkCitations } from '../answering/check-citations.js';
import { partitionForEgress } from '../answering/egress.js';
import { fitPassagesToBudget } from '../answering/fit-passages-to-budget.js';
import { formatPassages, LANGUAGE_NAMES, type CitablePassage } from '../answering/format-passages.js';
import type { EventLog } from '../answering/generate-answer.js';
import { generationNotice } from '../answering/generate-answer.js';
import { message } from '../messages/index.js';
import { extractSummaryItems, selectSummaryItems, shorten } from './extract-summary-items.js';
import { headingsFor, labelsFor, SECTION_IDS, type SectionId } from './summary-sections.js';

/**
 * The message every refused request gets: the same words whatever exists, so it reveals nothing
 * (English; chat renders 'summary.request_refused' in the asker's language).
 */
export const SUMMARY_REFUSAL_MESSAGE = message('summary.request_refused', 'en');

export interface SummaryRequest {
  memberId: string;
  workingGroupId: string;
  memberStateId: string;
  /** Language of the draft (of the request); English when absent. */
  language?: string;
  platform?: string;
  /** The request as typed in chat, for the audit trail; the CLI's is synthesised. */
  question?: string;
}

export interface SummaryCitation {
  n: number;
  documentId: string;
  title: string;
}

export interface SummaryDraftRecord {
  draftId: string;
  version: number;
  status: 'draft' | 'approved' | 'posted' | 'discarded';
  text: string;
  citations: SummaryCitation[];
}

export type SummaryOutcome =
  | ({ refused: false; empty: false; mode: 'llm' | 'extractive' | 'llm_unavailable'; retrievedDocumentIds: string[] } & SummaryDraftRecord)
  | { refused: false; empty: true; draftId: null; status: 'empty'; text: string; citations: []; retrievedDocumentIds: [] }
  | { refused: true; message: string };

export interface NewSummaryDraft {
  workingGroupId: string;
  memberStateId: string;
  requestedBy: string;
  language: string;
  text: string;
  citations: SummaryCitation[];
  citedDocumentIds: string[];
  chunkIds: number[];
  consentVersions: Record<string, number | null>;
  model: string | null;
  promptVersion: string | null;
}

/** The audit row of a draft or of a refused request. */
export type SummaryAuditEntry = AuditRecord & { kind: 'summary' | 'refusal' };

/** What requestSummary needs; src/db/queries/summary-drafts.ts provides the storage half. */
export interface SummaryDeps {
  /** The member's role in the group, or null (unknown member, unknown group, not a member). */
  roleOf(memberId: string, workingGroupId: string): Promise<Role | null>;
  /**
   * Every chunk of the documents about the Member State that are usable in the group's channel
   * (scope computed in SQL), in document and reading order.
   */
  loadChannelPassages(request: { memberId: string; workingGroupId: string; memberStateId: string }): Promise<CitablePassage[]>;
  names(workingGroupId: string, memberStateId: string): Promise<{ workingGroup: string; memberState: string }>;
  saveDraft(draft: NewSummaryDraft): Promise<{ draftId: string; version: number }>;
  audit(entry: SummaryAuditEntry): Promise<void>;
  model?: ChatModel;
  prompts?: PromptLibrary;
  log?: EventLog;
  now?: () => number;
}

interface Bullet {
  text: string;
  /** Document numbers cited. */
  refs: number[];
}

/** Documents are numbered in order of first use; bullets cite documents. */
class DocumentNumbering {
  private readonly numbers = new Map<string, number>();
  readonly citations: SummaryCitation[] = [];
  numberOf(passage: CitablePassage): number {
    let n = this.numbers.get(passage.documentId);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(passage.documentId, n);
      this.citations.push({ n, documentId: passage.documentId, title: passage.title });
    }
    return n;
  }
}

function extractiveSections(passages: readonly CitablePassage[], numbering: DocumentNumbering): Map<SectionId, Bullet[]> {
  const selected = selectSummaryItems(extractSummaryItems(passages));
  const sections = new Map<SectionId, Bullet[]>();
  for (const id of SECTION_IDS) {
    sections.set(
      id,
      (selected.get(id) ?? []).map((item) => ({ text: shorten(item.text), refs: [numbering.numberOf(item.passage)] })),
    );
  }
  return sections;
}

function renderDraft(
  sections: Map<SectionId, Bullet[]>,
  citations: SummaryCitation[],
  language: string,
  heading: { workingGroup: string; memberState: string },
  notice: string | null,
): string {
  const headings = headingsFor(language);
  const labels = labelsFor(language);
  const lines = [`# ${labels.title}: ${heading.memberState} — ${heading.workingGroup}`];
  if (notice) lines.push('', notice);
  for (const id of SECTION_IDS) {
    lines.push('', `## ${headings[id]}`);
    const bullets = sections.get(id) ?? [];
    if (bullets.length === 0) lines.push(`- ${labels.none}`);
    for (const bullet of bullets) lines.push(`- ${bullet.text} ${bullet.refs.map((n) => `[${n}]`).join('')}`);
  }
  lines.push('', `${labels.sources}:`);
  for (const citation of [...citations].sort((a, b) => a.n - b.n)) lines.push(`[${citation.n}] ${citation.title}`);
  return lines.join('\n');
}

/**
 * Parses the model's draft into our six sections. Headings are matched by their text when the model
 * kept ours, otherwise by position when it wrote exactly six; anything else (a seventh "Sources"
 * section, say) is ignored. Returns null when the structure cannot be recovered.
 */
function parseModelDraft(text: string, language: string): Map<SectionId, string[]> | null {
  const headings = headingsFor(language);
  const parts: { heading: string; body: string }[] = [];
  const pattern = /^##\s+(.*)$/gm;
  const marks = [...text.matchAll(pattern)];
  marks.forEach((mark, index) => {
    const start = (mark.index ?? 0) + mark[0].length;
    const end = marks[index + 1]?.index ?? text.length;
    parts.push({ heading: (mark[1] ?? '').trim().toLowerCase(), body: text.slice(start, end) });
  });
  const bulletsOf = (body: string) =>
    body
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^[-*•]\s+/.test(line))
      .map((line) => line.replace(/^[-*•]\s+/, ''))
      .filter((line) => line.toUpperCase() !== 'NONE');
  const sections = new Map<SectionId, string[]>();
  const byText = SECTION_IDS.map((id) => parts.find((part) => part.heading.includes(headings[id].toLowerCase())));
  if (byText.every((part) => part !== undefined)) {
    SECTION_IDS.forEach((id, index) => sections.set(id, bulletsOf(byText[index]!.body)));
    return sections;
  }
  if (parts.length !== SECTION_IDS.length) return null;
  SECTION_IDS.forEach((id, index) => sections.set(id, bulletsOf(parts[index]!.body)));
  return sections;
}

/**
 * A consultation-summary draft for a working group's chair or co-chair. Anyone else is refused with
 * one fixed message, before anything is read. The draft draws on the group's channel scope only
 * (it is meant for the whole group), follows the fixed six-section structure, and cites every
 * bullet; without a model — or when the model fails — it is filled extractively. Restricted
 * passages never reach an external model: their bullets are quoted extractively.
 */
export async function requestSummary(deps: SummaryDeps, request: SummaryRequest): Promise<SummaryOutcome> {
  const now = deps.now ?? Date.now;
  const started = now();
  const platform = request.platform ?? 'cli';
  const context = `channel:${request.workingGroupId}`;
  const question = request.question ?? `summary --wg ${request.workingGroupId} --state ${request.memberStateId}`;
  const language = request.language && LANGUAGE_NAMES[request.language] ? request.language : 'en';
  const role = await deps.roleOf(request.memberId, request.workingGroupId);
  if (role !== 'chair' && role !== 'co-chair') {
    await deps.audit({
      kind: 'refusal',
      memberId: request.memberId,
      platform,
      context,
      question,
      chunkIds: [],
      documentIds: [],
      citedDocumentIds: [],
      consentVersions: {},
      answerText: null,
      model: null,
      promptVersion: null,
      latencyMs: now() - started,
      details: { reason: 'not_chair' },
    });
    return { refused: true, message: SUMMARY_REFUSAL_MESSAGE };
  }

  const passages = await deps.loadChannelPassages(request);
  const consentVersions: Record<string, number | null> = {};
  for (const passage of passages) consentVersions[passage.documentId] = passage.consentVersion;
  const baseAudit = {
    memberId: request.memberId,
    platform,
    context,
    question,
    chunkIds: passages.map((p) => p.chunkId),
    documentIds: Object.keys(consentVersions),
    consentVersions,
  };
  if (passages.length === 0) {
    const text = labelsFor(language).empty;
    await deps.audit({
      ...baseAudit,
      kind: 'summary',
      citedDocumentIds: [],
      answerText: text,
      model: null,
      promptVersion: null,
      latencyMs: now() - started,
      details: { empty: true },
    });
    return { refused: false, empty: true, draftId: null, status: 'empty', text, citations: [], retrievedDocumentIds: [] };
  }

  const names = await deps.names(request.workingGroupId, request.memberStateId);
  const numbering = new DocumentNumbering();
  let sections: Map<SectionId, Bullet[]>;
  let mode: 'llm' | 'extractive' | 'llm_unavailable' = 'extractive';
  let model: string | null = null;
  let promptVersion: string | null = null;
  let notice: string | null = null;

  if (deps.model && deps.prompts) {
    const outcome = await draftWithModel(
      deps as SummaryDeps & { model: ChatModel; prompts: PromptLibrary },
      passages,
      numbering,
      language,
      names,
    );
    sections = outcome.sections;
    mode = outcome.mode;
    model = outcome.model;
    promptVersion = outcome.promptVersion;
    notice = outcome.mode === 'llm_unavailable' ? generationNotice('unavailable', language) : null;
  } else {
    sections = extractiveSections(passages, numbering);
  }

  const citations = numbering.citations.filter((c) => [...sections.values()].flat().some((b) => b.refs.includes(c.n)));
  const text = renderDraft(sections, citations, language, names, notice);
  const citedDocumentIds = citations.map((c) => c.documentId);
  const saved = await deps.saveDraft({
    workingGroupId: request.workingGroupId,
    memberStateId: request.memberStateId,
    requestedBy: request.memberId,
    language,
    text,
    citations,
    citedDocumentIds,
    chunkIds: baseAudit.chunkIds,
    consentVersions,
    model,
    promptVersion,
  });
  await deps.audit({
    ...baseAudit,
    kind: 'summary',
    citedDocumentIds,
    answerText: text,
    model,
    promptVersion,
    latencyMs: now() - started,
    details: { draftId: saved.draftId, version: saved.version, mode },
  });
  return {
    refused: false,
    empty: false,
    mode,
    draftId: saved.draftId,
    version: saved.version,
    status: 'draft',
    text,
    citations,
    retrievedDocumentIds: baseAudit.documentIds,
  };
}

async function draftWithModel(
  deps: SummaryDeps & { model: ChatModel; prompts: PromptLibrary },
  passages: readonly CitablePassage[],
  numbering: DocumentNumbering,
  language: string,
  names: { workingGroup: string; memberState: string },
): Promise<{
  sections: Map<SectionId, Bullet[]>;
  mode: 'llm' | 'extractive' | 'llm_unavailable';
  model: string | null;
  promptVersion: string | null;
}> {
  const { model, prompts, log } = deps;
  const { sendable, withheld } = partitionForEgress(passages, model.egress);
  const numbered = fitPassagesToBudget(sendable, (text) => model.countTokens(text), model.contextTokens);
  // What the model never saw (restricted with an external endpoint, or beyond the budget) is quoted.
  const sentIds = new Set(numbered.map((e) => e.passage.chunkId));
  const unsent = [...withheld, ...sendable.filter((p) => !sentIds.has(p.chunkId))];
  const headings = headingsFor(language);
  let prompt;
  let completion;
  if (numbered.length > 0) {
    prompt = await prompts.render('summary', {
      passages: formatPassages(numbered),
      working_group: names.workingGroup,
      member_state: names.memberState,
      language: LANGUAGE_NAMES[language] ?? 'English',
      headings: SECTION_IDS.map((id) => `## ${headings[id]}`).join('\n'),
    });
    try {
      completion = await model.complete(prompt.messages, { temperature: 0.1, purpose: 'summary' });
    } catch {
      log?.warn({ code: 'llm.unavailable', promptVersion: prompt.version }, 'chat model failed; summary drafted extractively');
      return { sections: extractiveSections(passages, numbering), mode: 'llm_unavailable', model: null, promptVersion: prompt.version };
    }
  }

  const parsed = completion ? parseModelDraft(completion.text, language) : null;
  if (completion && !parsed)
    log?.warn(
      { code: 'llm.summary_structure', promptVersion: prompt?.version },
      'model draft did not follow the structure; using extractive sections',
    );
  const byN = new Map(numbered.map((e) => [e.n, e.passage]));
  const allowed = numbered.map((e) => e.n);
  const sections = new Map<SectionId, Bullet[]>();
  let removed = 0;
  let dropped = 0;
  for (const id of SECTION_IDS) {
    const bullets: Bullet[] = [];
    for (const line of parsed?.get(id) ?? []) {
      const check = checkCitations(line, allowed);
      removed += check.removed.length;
      if (check.cited.length === 0) {
        dropped += 1; // every bullet must be cited: an uncited one is not kept
        continue;
      }
      const refs = [...new Set(check.cited.map((n) => numbering.numberOf(byN.get(n)!)))];
      bullets.push({
        text: check.text
          .replace(/(\s*\[\d+\])+\s*$/, '')
          .replace(/\s*\[\d+\]/g, '')
          .trim(),
        refs,
      });
    }
    sections.set(id, bullets);
  }
  if (removed > 0 || dropped > 0)
    log?.warn(
      { code: 'llm.invalid_citation', removed, droppedBullets: dropped, promptVersion: prompt?.version },
      'removed invalid citations from a summary draft',
    );

  // Extractive bullets for passages the model never saw, and for sections the model left empty.
  const extractive = extractiveSections(parsed ? unsent : passages, numbering);
  for (const id of SECTION_IDS) {
    const current = sections.get(id) ?? [];
    const extra = extractive.get(id) ?? [];
    if (!parsed) sections.set(id, extra);
    else sections.set(id, [...current, ...extra.filter((b) => !current.some((c) => c.text === b.text))]);
  }
  return parsed
    ? { sections, mode: 'llm', model: completion?.model ?? null, promptVersion: prompt?.version ?? null }
    : { sections, mode: 'extractive', model: null, promptVersion: prompt?.version ?? null };
}
