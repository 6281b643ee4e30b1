import { message, type MessageKey } from '../messages/index.js';
import type { Role } from '../types.js';
import type { SummaryCitation } from './request-summary.js';

export type DraftStatus = 'draft' | 'approved' | 'posted' | 'discarded';

export interface StoredSummaryDraft {
  draftId: string;
  workingGroupId: string;
  memberStateId: string;
  requestedBy: string;
  version: number;
  status: DraftStatus;
  text: string;
  citations: SummaryCitation[];
  citedDocumentIds: string[];
  consentVersions: Record<string, number | null>;
  model: string | null;
  promptVersion: string | null;
  language: string;
  invalidatedAt: Date | null;
  invalidatedReason: string | null;
  reviewedBy: string | null;
  createdAt: Date;
  approvedAt: Date | null;
  postedAt: Date | null;
  discardedAt: Date | null;
}

export interface ReviewDeps {
  findDraft(draftId: string): Promise<StoredSummaryDraft | undefined>;
  roleOf(memberId: string, workingGroupId: string): Promise<Role | null>;
  /** Cited documents that are NOT in the group's channel scope right now (checked in SQL). */
  citedDocumentsOutOfScope(draft: StoredSummaryDraft): Promise<string[]>;
  /** Moves the draft from one status to another; false when it was no longer in `from` (a race). */
  transition(draftId: string, from: DraftStatus, to: DraftStatus, reviewedBy: string, postedRef?: string): Promise<boolean>;
  invalidate(draftId: string, reason: string): Promise<void>;
}

export type ReviewFailure = 'not_found' | 'not_permitted' | 'wrong_status' | 'invalidated' | 'out_of_scope';

/**
 * A refusal says why as a catalogue key and its params, which the edge renders in the reader's
 * language (`refusalText`). `message` is the English line (the administrator's CLI, logs); `detail`
 * the stored reason a draft was invalidated, for the operator only.
 */
export interface ReviewRefusal {
  ok: false;
  failure: ReviewFailure;
  key: MessageKey;
  params: Record<string, string>;
  message: string;
  detail?: string;
}

export type ReviewOutcome = { ok: true; draft: StoredSummaryDraft } | ReviewRefusal;

/** A refusal in the reader's language. */
export function refusalText(refusal: Pick<ReviewRefusal, 'key' | 'params'>, language: string): string {
  return message(refusal.key, language, refusal.params);
}

function refuse(failure: ReviewFailure, key: MessageKey, draftId: string, detail?: string): ReviewRefusal {
  const params = { draft: draftId };
  return { ok: false, failure, key, params, message: message(key, 'en', params), ...(detail ? { detail } : {}) };
}

/** Why a draft in `status` cannot take the step asked (approve, discard or post). */
const STATUS_REFUSAL: Record<DraftStatus, MessageKey> = {
  draft: 'summary.review_not_approved_yet',
  approved: 'summary.review_already_approved',
  posted: 'summary.review_already_posted',
  discarded: 'summary.review_already_discarded',
};

/** Who reviews: a chair or co-chair of the draft's group, or the administrator at the CLI. */
export type Reviewer = { kind: 'member'; memberId: string } | { kind: 'admin'; name: string };

async function permitted(deps: ReviewDeps, draft: StoredSummaryDraft, reviewer: Reviewer): Promise<boolean> {
  if (reviewer.kind === 'admin') return true;
  const role = await deps.roleOf(reviewer.memberId, draft.workingGroupId);
  return role === 'chair' || role === 'co-chair';
}

function reviewerName(reviewer: Reviewer): string {
  return reviewer.kind === 'admin' ? `admin:${reviewer.name}` : reviewer.memberId;
}

const NOT_FOUND = refuse('not_found', 'summary.review_not_found', '');

async function load(deps: ReviewDeps, draftId: string, reviewer: Reviewer): Promise<StoredSummaryDraft | ReviewOutcome> {
  const draft = await deps.findDraft(draftId);
  // A member who may not review a group's drafts learns nothing about them, not even that they exist.
  if (!draft || !(await permitted(deps, draft, reviewer))) return NOT_FOUND;
  return draft;
}

/**
 * Approves a draft. Consent and scope are re-checked at this moment: if any cited document has since
 * left the group's channel scope (revoked, withheld, audience narrowed, a new member who may not
 * see it), or revocation already marked the draft, approval is refused and the draft stays unposted.
 */
export async function approveDraft(deps: ReviewDeps, draftId: string, reviewer: Reviewer): Promise<ReviewOutcome> {
  const loaded = await load(deps, draftId, reviewer);
  if ('ok' in loaded) return loaded;
  const draft = loaded;
  if (draft.status !== 'draft') return refuse('wrong_status', STATUS_REFUSAL[draft.status], draftId);
  if (draft.invalidatedAt) {
    return refuse('invalidated', 'summary.review_no_longer_approvable', draftId, draft.invalidatedReason ?? undefined);
  }
  const outOfScope = await deps.citedDocumentsOutOfScope(draft);
  if (outOfScope.length > 0) {
    const reason = `consent or scope changed for ${outOfScope.join(', ')}`;
    await deps.invalidate(draftId, reason);
    return refuse('out_of_scope', 'summary.review_no_longer_approvable', draftId, reason);
  }
  if (!(await deps.transition(draftId, 'draft', 'approved', reviewerName(reviewer)))) {
    return refuse('wrong_status', 'summary.review_changed', draftId);
  }
  return { ok: true, draft: (await deps.findDraft(draftId))! };
}

export async function discardDraft(deps: ReviewDeps, draftId: string, reviewer: Reviewer): Promise<ReviewOutcome> {
  const loaded = await load(deps, draftId, reviewer);
  if ('ok' in loaded) return loaded;
  if (loaded.status !== 'draft' && loaded.status !== 'approved') return refuse('wrong_status', STATUS_REFUSAL[loaded.status], draftId);
  if (!(await deps.transition(draftId, loaded.status, 'discarded', reviewerName(reviewer)))) {
    return refuse('wrong_status', 'summary.review_changed', draftId);
  }
  return { ok: true, draft: (await deps.findDraft(draftId))! };
}

/**
 * Marks an approved draft posted (chat adapters call this after posting to the group's channel).
 * Scope is checked once more, since time passes between approval and posting.
 */
export async function markDraftPosted(deps: ReviewDeps, draftId: string, reviewer: Reviewer, postedRef?: string): Promise<ReviewOutcome> {
  const loaded = await load(deps, draftId, reviewer);
  if ('ok' in loaded) return loaded;
  if (loaded.status !== 'approved') return refuse('wrong_status', STATUS_REFUSAL[loaded.status], draftId);
  if (loaded.invalidatedAt || (await deps.citedDocumentsOutOfScope(loaded)).length > 0) {
    return refuse('invalidated', 'summary.review_no_longer_postable', draftId, loaded.invalidatedReason ?? undefined);
  }
  if (!(await deps.transition(draftId, 'approved', 'posted', reviewerName(reviewer), postedRef))) {
    return refuse('wrong_status', 'summary.review_changed', draftId);
  }
  return { ok: true, draft: (await deps.findDraft(draftId))! };
}

export async function showDraft(deps: ReviewDeps, draftId: string, reviewer: Reviewer): Promise<ReviewOutcome> {
  const loaded = await load(deps, draftId, reviewer);
  return 'ok' in loaded ? loaded : { ok: true, draft: loaded };
}
