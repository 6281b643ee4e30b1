import { formatContext } from '../types.js';
import { isLanguage, type Language, type RetrievedChunk } from '../retrieval/retrieved-chunk.js';
import {
  answerQuestion,
  auditIdOf,
  auditRecordFor,
  type AnswerDependencies,
  type AnswerRequest,
  type AnswerResult,
} from './answer-question.js';
import { NOT_FOUND_MESSAGE } from './answer-messages.js';
import type { ChatModel, PromptLibrary } from './chat-model.js';
import { composeExtractiveAnswer, describeSources, withSourcesList, type Citation } from './extractive-answer.js';
import { answerWithModel, type EventLog, type GenerationMode } from './generate-answer.js';
import { DEFAULT_RELEVANCE, selectPassages } from './select-passages.js';
import { fuseRankedLists, translateQuestion } from './translate-question.js';

export interface ModelAnswerDependencies extends AnswerDependencies {
  model: ChatModel;
  prompts: PromptLibrary;
  log?: EventLog;
  /** The question's language (src/ingest/detect-language.ts in production). */
  detectLanguage?: (text: string) => string;
  /** Translate the question into the other UN languages for retrieval (one extra model call). */
  rewriteQuery?: boolean;
  /** Streamed, citation-checked text for chat adapters. */
  onToken?: (token: string) => void;
}

export interface ModelAnswerResult extends AnswerResult {
  mode: GenerationMode;
  promptVersion: string | null;
  /** The one line saying why the answer is extractive, when the model path failed. */
  notice: string | null;
}

/**
 * answerQuestion with a chat model: the same scoped retrieval (plus the question translated into the
 * other UN languages, each list retrieved inside the same scope and fused), the same relevance cut,
 * then the model writes the answer from those passages only. The extractive answer is the fallback
 * for every failure, and the audit row records the model and the prompt version.
 */
export async function answerQuestionWithModel(deps: ModelAnswerDependencies, request: AnswerRequest): Promise<ModelAnswerResult> {
  if (request.memberId === null) {
    // Unknown identities get only the how-to-get-access reply; no model is involved.
    const result = await answerQuestion(deps, request);
    return { ...result, mode: 'extractive', promptVersion: null, notice: null };
  }
  const started = deps.clock.now();
  const platform = request.platform ?? 'cli';
  const context = formatContext(request.context);
  const detected = deps.detectLanguage?.(request.question);
  const language: Language | undefined = detected && isLanguage(detected) ? detected : undefined;
  const limit = deps.retrieveLimit ?? 8;

  const lists: RetrievedChunk[][] = [
    await deps.searchChunks({ memberId: request.memberId, context: request.context, query: request.question, limit, language }),
  ];
  let rewriteVersion: string | null = null;
  if (deps.rewriteQuery !== false) {
    const { translations, promptVersion } = await translateQuestion(deps, request.question, language);
    rewriteVersion = Object.keys(translations).length > 0 ? promptVersion : null;
    for (const [target, query] of Object.entries(translations)) {
      if (!isLanguage(target)) continue;
      lists.push(await deps.searchChunks({ memberId: request.memberId, context: request.context, query, limit, language: target }));
    }
  }
  const retrieved = lists.length === 1 ? lists[0]! : fuseRankedLists(lists, limit * 2);
  const passages = selectPassages(retrieved, deps.relevance ?? DEFAULT_RELEVANCE);

  const finish = async (result: ModelAnswerResult): Promise<ModelAnswerResult> => {
    const record = auditRecordFor(request, platform, result, deps.clock.now() - started);
    result.auditId = await auditIdOf(
      deps.recordAnswer?.({ ...record, citedDocumentIds: [...new Set(record.citedDocumentIds)], promptVersion: result.promptVersion }),
    );
    return result;
  };

  if (passages.length === 0) {
    return finish({
      answerable: false,
      answer: NOT_FOUND_MESSAGE,
      body: NOT_FOUND_MESSAGE,
      citations: [],
      sources: [],
      auditId: null,
      context,
      chunks: [],
      retrieved,
      model: null,
      mode: 'extractive',
      promptVersion: rewriteVersion,
      notice: null,
    });
  }

  const generated = await answerWithModel(
    { model: deps.model, prompts: deps.prompts, log: deps.log },
    {
      question: request.question,
      language,
      passages,
      onToken: deps.onToken,
      notFound: { answerable: false, answer: NOT_FOUND_MESSAGE, citations: [] },
      extractive: () => {
        const composed = composeExtractiveAnswer(passages);
        return { answerable: true, answer: composed.body, citations: composed.citations };
      },
    },
  );
  const citations: Citation[] = generated.citations.map((c) => ({ n: c.n, documentId: c.documentId, title: c.title }));
  // Every mode gets the same sources list: the model's own answer, and the extractive fallbacks.
  const byChunk = new Map(passages.map((p) => [p.chunkId, p]));
  const cited = generated.citations.flatMap((c) => {
    const passage = (c.chunkId !== undefined ? byChunk.get(c.chunkId) : undefined) ?? passages.find((p) => p.documentId === c.documentId);
    return passage ? [passage] : [];
  });
  const sources = describeSources(citations, cited);
  const body = generated.answer;
  const answer = withSourcesList(body, sources);
  const usedModel = generated.mode === 'llm' || generated.mode === 'no_valid_citation';
  const promptVersion = [generated.promptVersion, rewriteVersion].filter(Boolean).join('+') || null;
  return finish({
    answerable: generated.answerable,
    answer,
    body,
    citations,
    sources,
    auditId: null,
    context,
    chunks: passages,
    retrieved,
    model: usedModel ? generated.model : 'extractive',
    mode: generated.mode,
    promptVersion,
    notice: generated.notice,
  });
}
