import { answerQuestion, type AnswerResult } from '../core/answering/answer-question.js';
import type { RelevancePolicy } from '../core/answering/select-passages.js';
import type { AskContext } from '../core/types.js';
import type { Queryable } from '../db/database.js';
import { createAnswerDependencies } from './create-search-chunks.js';

/**
 * One question as one member in one context, over a concrete database, extractively: the same path
 * as `compact-bot ask`. memberId null (or not in the directory) gets the "how to get access" reply.
 */
export async function answerAsMember(
  db: Queryable,
  request: { memberId: string | null; context: AskContext; question: string; platform?: string },
  options: { audit?: boolean; relevance?: RelevancePolicy } = {},
): Promise<AnswerResult> {
  let memberId = request.memberId;
  if (memberId !== null) {
    const known = await db.query('SELECT 1 FROM members WHERE id = $1', [memberId]);
    if ((known.rowCount ?? 0) === 0) memberId = null;
  }
  const deps = await createAnswerDependencies(db, { audit: options.audit, relevance: options.relevance });
  return answerQuestion(deps, { ...request, memberId });
}
