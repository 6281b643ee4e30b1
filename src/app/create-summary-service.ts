import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { summaryStore } from '../db/queries/summary-drafts.js';
import type { Logger } from '../logger.js';
import { requestSummary, type SummaryOutcome, type SummaryRequest } from '../core/summaries/request-summary.js';
import {
  approveDraft,
  discardDraft,
  markDraftPosted,
  showDraft,
  type ReviewOutcome,
  type Reviewer,
} from '../core/summaries/review-summary.js';
import { createChatModel } from '../llm/openai-chat-model.js';
import { loadPromptLibrary } from '../llm/prompt-library.js';
import { cleanQuestion } from '../core/text/strip-control-characters.js';

export interface SummaryService {
  /** Chair/co-chair only; refusal otherwise. Draws on the group's channel scope; stores a new draft version. */
  request(request: SummaryRequest): Promise<SummaryOutcome>;
  /** Re-checks consent and scope now; refuses if a cited document left the group's scope. */
  approve(draftId: string, reviewer: Reviewer): Promise<ReviewOutcome>;
  discard(draftId: string, reviewer: Reviewer): Promise<ReviewOutcome>;
  show(draftId: string, reviewer: Reviewer): Promise<ReviewOutcome>;
  /** After the adapter posted the approved draft to the group's channel (re-checks scope once more). */
  markPosted(draftId: string, reviewer: Reviewer, postedRef: string): Promise<ReviewOutcome>;
}

/**
 * The one way every surface (CLI, Slack, Teams, eval) drafts and reviews consultation summaries:
 * the chat model when one is configured (egress rule applied, citations checked, extractive on
 * failure), extractive otherwise; drafts and audit rows in this database.
 */
export function createSummaryService(db: Database, config: Config, logger?: Logger): SummaryService {
  const store = summaryStore(db);
  const model = createChatModel(config.llm, { logger });
  const deps = { ...store, model, prompts: model ? loadPromptLibrary() : undefined, log: logger };
  return {
    // The request as typed in chat goes into the audit row: strip what PostgreSQL refuses in text.
    request: (request) =>
      requestSummary(deps, request.question === undefined ? request : { ...request, question: cleanQuestion(request.question) }),
    approve: (draftId, reviewer) => approveDraft(store, draftId, reviewer),
    discard: (draftId, reviewer) => discardDraft(store, draftId, reviewer),
    show: (draftId, reviewer) => showDraft(store, draftId, reviewer),
    markPosted: (draftId, reviewer, postedRef) => markDraftPosted(store, draftId, reviewer, postedRef),
  };
}
