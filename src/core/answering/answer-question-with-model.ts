import { formatContext } from '../types.js';
import { isLanguage, type Language, type RetrievedChunk } from '../retrieval/retrieved-chunk.js';
import {
  answerFromCatalog,
  answerQuestion,
  auditIdOf,
  auditRecordFor,
  searchSpellingStateNames,
  type AnswerDependencies,
  type AnswerRequest,
  type AnswerResult,
} from './answer-question.js';
import { cautiousIntro, notFoundMessage } from './answer-messages.js';
import type { ChatModel, PromptLibrary } from './chat-model.js';
import { composeExtractiveAnswer, describeSources, withSourcesList, type Citation } from './extractive-answer.js';
import { answerWithModel, type EventLog, type GenerationMode } from './generate-answer.js';
import { passagesForModel, selectAnswer } from './select-passages.js';
import { DEFAULT_POLICY } from './answer-policy.js';
import { translateQuestion } from './translate-question.js';
import { isPlantedInstruction } from '../retrieval/planted-text.js';
import { fuseRankedLists } from '../retrieval/fuse-ranked-lists.js';

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
  /** The member's Stop: aborts the model's HTTP request; the answer is what was said until then. */
  signal?: AbortSignal;
}

export interface ModelAnswerResult extends AnswerResult {
  mode: GenerationMode;
  promptVersion: string | null;
  /** The one line saying why the answer is extractive, when the model path failed. */
  notice: string | null;
}

/**
 * answerQuestion with a chat model: the same scoped retrieval (plus the question translated into the
 * other UN languages, each list retrieved inside the same scope, concurrently, and fused), then the
 * model reads the best passages above a low noise floor (not the extractive cut: the model decides
 * whether they answer, and says so when they don't) and writes the answer from those passages only. The extractive answer is the fallback
 * for every failure, and the audit row records the model and the prompt version.
 */
export async function answerQuestionWithModel(deps: ModelAnswerDependencies, request: AnswerRequest): Promise<ModelAnswerResult> {
  if (request.memberId === null || isPlantedInstruction(request.question)) {
    // Unknown identities get only the how-to-get-access reply, and attempts to override the rules
    // their refusal; no model is involved.
    const result = await answerQuestion(deps, request);
    return { ...result, mode: 'extractive', promptVersion: null, notice: null };
  }
  const started = deps.clock.now();
  const platform = request.platform ?? 'cli';
  const context = formatContext(request.context);
  const detected = request.language ?? deps.detectLanguage?.(request.question);
  const language: Language | undefined = detected && isLanguage(detected) ? detected : undefined;
  const limit = deps.retrieveLimit ?? 8;

  const directoryStates = (await deps.memberStateNames?.()) ?? [];
  const search = (query: string, target: Language | undefined) =>
    deps.searchChunks({ memberId: request.memberId, context: request.context, query, limit, language: target });
  // The original question (a misspelt State name spelled, as on the plain path; the model reads the
  // member's words) and its translation run concurrently, each list retrieved in the same scope.
  const [{ question, retrieved: original }, rewrite] = await Promise.all([
    searchSpellingStateNames((query) => search(query, language), request.question, directoryStates),
    deps.rewriteQuery !== false ? translateQuestion(deps, request.question, language) : Promise.resolve(null),
  ]);
  const translated = rewrite
    ? await Promise.all(
        Object.entries(rewrite.translations).flatMap(([target, query]) => (isLanguage(target) ? [search(query, target)] : [])),
      )
    : [];
  const rewriteVersion = rewrite && Object.keys(rewrite.translations).length > 0 ? rewrite.promptVersion : null;
  const lists: RetrievedChunk[][] = [original, ...translated];
  const retrieved =
    lists.length === 1
      ? original
      : fuseRankedLists(lists, limit * 2, undefined, (candidate, kept) => candidate.coverage > kept.coverage).map((entry) => entry.item);
  // The model decides: it reads the best in-scope passages unless none passes the noise floor.
  const passages = passagesForModel(retrieved, deps.relevance ?? DEFAULT_POLICY, { question, language, directoryStates });
  const replyLanguage = language;
  const notFound = notFoundMessage(replyLanguage);

  const finish = async (result: ModelAnswerResult): Promise<ModelAnswerResult> => {
    const record = auditRecordFor(request, platform, result, deps.clock.now() - started);
    result.auditId = await auditIdOf(
      deps.recordAnswer?.({
        ...record,
        citedDocumentIds: [...new Set(record.citedDocumentIds)],
        promptVersion: result.promptVersion,
        ...(result.stopped ? { outcome: 'stopped' as const } : {}),
      }),
    );
    return result;
  };

  // Questions about documents themselves are answered from the scoped catalog, with or without a model.
  const fromCatalog = await answerFromCatalog(deps, { ...request, language: replyLanguage }, retrieved, context);
  if (fromCatalog) return finish({ ...fromCatalog.result, mode: 'extractive', promptVersion: null, notice: null });

  if (passages.length === 0) {
    return finish({
      answerable: false,
      answer: notFound,
      body: notFound,
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
      language: replyLanguage,
      passages,
      onToken: deps.onToken,
      signal: deps.signal,
      notFound: { answerable: false, answer: notFound, citations: [] },
      // The fallback takes the plain path's steps (select-passages.ts), so it too can say "couldn't find".
      extractive: () => {
        const selection = selectAnswer(retrieved, deps.relevance ?? DEFAULT_POLICY, question, replyLanguage, directoryStates);
        const quotable = selection.chunks;
        if (quotable.length === 0) return { answerable: false, answer: notFound, citations: [] };
        const composed = composeExtractiveAnswer(quotable, {
          question,
          language: replyLanguage,
          stopWords: deps.stopWords,
          intro: selection.decision === 'cautious' ? cautiousIntro(replyLanguage) : undefined,
        });
        if (!composed.answersItsKind) return { answerable: false, answer: notFound, citations: [] };
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
  const answer = withSourcesList(body, sources, replyLanguage);
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
    ...(generated.mode === 'stopped' ? { stopped: true } : {}),
  });
}
