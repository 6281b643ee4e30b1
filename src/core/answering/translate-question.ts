import type { ChatModel, PromptLibrary } from './chat-model.js';
import type { EventLog } from './generate-answer.js';

export const UN_LANGUAGES = ['en', 'fr', 'es', 'ru', 'ar', 'zh'] as const;

/**
 * Query rewrite (only with a model configured): the question translated into the other UN
 * languages, so lexical retrieval also finds documents written in them. Only the member's own
 * question is sent, never document text. Any failure returns no translations: retrieval then runs
 * on the original question alone.
 */
export async function translateQuestion(
  deps: { model: ChatModel; prompts: PromptLibrary; log?: EventLog },
  question: string,
  questionLanguage: string | undefined,
): Promise<{ translations: Record<string, string>; promptVersion: string | null }> {
  const targets = UN_LANGUAGES.filter((l) => l !== questionLanguage);
  let promptVersion: string | null = null;
  try {
    const prompt = await deps.prompts.render('query-rewrite', { question, languages: targets.join(', ') });
    promptVersion = prompt.version;
    const completion = await deps.model.complete(prompt.messages, { temperature: 0, purpose: 'translate' });
    const json = /\{[\s\S]*\}/.exec(completion.text)?.[0];
    const parsed = json ? (JSON.parse(json) as Record<string, unknown>) : {};
    const translations: Record<string, string> = {};
    for (const language of targets) {
      const value = parsed[language];
      if (typeof value === 'string' && value.trim() && value.length < 2_000) translations[language] = value.trim();
    }
    return { translations, promptVersion };
  } catch (error) {
    deps.log?.warn(
      { code: 'llm.query_rewrite_failed', error: error instanceof Error ? error.name : 'unknown' },
      'query rewrite failed; searching with the original question',
    );
    return { translations: {}, promptVersion };
  }
}

/**
 * Reciprocal-rank fusion of several ranked lists that were each retrieved inside the same scope
 * (fusing scoped lists is not filtering: no list holds anything out of scope).
 */
export function fuseRankedLists<T extends { chunkId: number }>(lists: readonly (readonly T[])[], limit: number, k = 60): T[] {
  const scores = new Map<number, { item: T; score: number }>();
  for (const list of lists) {
    list.forEach((item, rank) => {
      const entry = scores.get(item.chunkId) ?? { item, score: 0 };
      entry.score += 1 / (k + rank + 1);
      scores.set(item.chunkId, entry);
    });
  }
  return [...scores.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((entry) => entry.item);
}
