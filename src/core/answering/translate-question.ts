import type { ChatModel, PromptLibrary } from './chat-model.js';
import type { EventLog } from './generate-answer.js';
import { LANGUAGES } from '../retrieval/retrieved-chunk.js';

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
  const targets = LANGUAGES.filter((l) => l !== questionLanguage);
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
