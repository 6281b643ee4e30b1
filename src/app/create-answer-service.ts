import type { AnswerRequest, AnswerResult } from '../core/answering/answer-question.js';
import { answerQuestion } from '../core/answering/answer-question.js';
import { answerQuestionWithModel } from '../core/answering/answer-question-with-model.js';
import type { Config } from '../config.js';
import type { Queryable } from '../db/database.js';
import { memberExists } from '../db/queries/directory.js';
import { detectQuestionLanguage, questionLanguageIfSure } from '../ingest/detect-language.js';
import { lastMemberLanguage, rememberMemberLanguage } from '../db/queries/member-languages.js';
import { createEmbedder } from '../llm/embedder.js';
import { createChatModel } from '../llm/openai-chat-model.js';
import { loadPromptLibrary } from '../llm/prompt-library.js';
import type { Logger } from '../logger.js';
import { languageFromLocale } from '../core/messages/index.js';
import type { Language } from '../core/retrieval/retrieved-chunk.js';
import { metrics } from '../observability/metrics.js';
import { cleanQuestion } from '../core/text/strip-control-characters.js';
import { inputError } from '../errors.js';
import { createAnswerDependencies } from './create-search-chunks.js';
import type { AnswerPolicy } from '../core/answering/answer-policy.js';

export interface AnsweredQuestion extends AnswerResult {
  /** The language the bot replies in: the question's, or (too short to tell) the member's last, the client's locale, or English. */
  language: Language;
}

export type AnswerService = (
  request: AnswerRequest & {
    onToken?: (token: string) => void;
    /** Slack/Teams client locale, e.g. 'fr-FR'. */
    locale?: string;
    /** The member's Stop: aborts the model call; the result is marked stopped and audited so. */
    signal?: AbortSignal;
  },
) => Promise<AnsweredQuestion>;

/**
 * The one way every surface (CLI ask, playground, eval, chat adapters) answers a question: scoped
 * retrieval over this database, the chat model when one is configured (cited, checked, extractive
 * on failure), extractive otherwise, and an audit row either way unless `audit: false`.
 */
export async function createAnswerService(
  db: Queryable,
  config: Config,
  logger: Logger,
  options: { audit?: boolean; /** The eval's --report varies it; production uses DEFAULT_POLICY. */ policy?: AnswerPolicy } = {},
): Promise<AnswerService> {
  const deps = await createAnswerDependencies(db, {
    embedder: createEmbedder(config.llm),
    logger,
    audit: options.audit,
    relevance: options.policy,
  });
  const model = createChatModel(config.llm, { logger });
  const prompts = model ? loadPromptLibrary() : undefined;
  const answer = async (request: AnswerRequest, onToken?: (token: string) => void, signal?: AbortSignal): Promise<AnswerResult> => {
    if (!model || !prompts) return answerQuestion(deps, request);
    return answerQuestionWithModel(
      {
        ...deps,
        model,
        prompts,
        log: logger,
        detectLanguage: detectQuestionLanguage,
        rewriteQuery: config.llm.queryRewrite,
        onToken,
        signal,
      },
      request,
    );
  };
  return async ({ onToken, locale, signal, ...request }) => {
    // Every surface (CLI, playground, Slack, Teams) reaches the core through here: a NUL or other
    // control character in a question would fail the audit INSERT, so it never gets that far.
    const asked = { ...request, question: cleanQuestion(request.question) };
    if (asked.question === '') throw inputError('The question is empty: ask something, e.g. "What are the TA needs of Ruritania?"');
    const platform = asked.platform ?? 'cli';
    const stopTimer = metrics.answerSeconds.startTimer({ platform });
    try {
      // An id that is not in the directory is treated like an unlinked chat identity: no documents,
      // only how to get access.
      const memberId = asked.memberId !== null && (await memberExists(db, asked.memberId)) ? asked.memberId : null;
      // The question's language when the detector is sure of it; otherwise (a short or ambiguous
      // question: "Merci", "Boko Haram?") the language the member last asked in, the client's, or English.
      const sure = asked.language ?? questionLanguageIfSure(asked.question);
      const language = sure ?? (memberId !== null ? await lastMemberLanguage(db, memberId) : null) ?? languageFromLocale(locale) ?? 'en';
      if (sure && !asked.language && memberId !== null) await rememberMemberLanguage(db, memberId, sure);
      const result = await answer({ ...asked, memberId, language }, onToken, signal);
      const outcome = memberId === null ? 'no_access' : result.stopped ? 'stopped' : result.answerable ? 'answered' : 'not_found';
      metrics.answers.inc({ platform, outcome });
      return { ...result, language };
    } catch (error) {
      metrics.answers.inc({ platform, outcome: 'failed' });
      throw error;
    } finally {
      stopTimer();
    }
  };
}
