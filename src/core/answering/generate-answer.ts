import { isAppError } from '../../errors.js';
import type { ChatModel, PromptLibrary } from './chat-model.js';
import { checkCitations, createCitationStreamFilter } from './check-citations.js';
import { partitionForEgress } from './egress.js';
import { fitPassagesToBudget } from './fit-passages-to-budget.js';
import {
  citationsFor,
  formatPassages,
  languageInstruction,
  quotePassage,
  type CitablePassage,
  type NumberedPassage,
} from './format-passages.js';

/** Minimal structured logging port (pino's Logger fits). Never pass document text to it. */
export interface EventLog {
  warn(data: object, message: string): void;
  info?(data: object, message: string): void;
}

/** What an extractive answer looks like; the fallback the model path degrades to. */
export interface PlainAnswer {
  answerable: boolean;
  answer: string;
  citations: { n: number; documentId: string; title: string; chunkId?: number }[];
}

/** stopped: the member pressed Stop; the answer is what was said until then. */
export type GenerationMode = 'llm' | 'extractive' | 'llm_unavailable' | 'no_valid_citation' | 'restricted_only' | 'stopped';

export interface GeneratedAnswer extends PlainAnswer {
  mode: GenerationMode;
  /** Model that answered, or null when no model text was used. */
  model: string | null;
  promptVersion: string | null;
  /** Chunks whose text was sent to the model (for the audit). */
  sentChunkIds: number[];
  /** Restricted chunks kept from an external model and quoted instead. */
  withheldChunkIds: number[];
  /** Citation numbers the check removed. */
  removedCitations: number[];
  /** The one line telling the member why this answer is extractive, when it is. */
  notice: string | null;
}

export interface AnswerWithModelInput<P extends CitablePassage> {
  question: string;
  /** ISO code of the question's language, when known. */
  language?: string;
  /** Retrieved passages, already in the asker's scope, best first. */
  passages: readonly P[];
  /** The extractive answer over the same passages (used on any failure of the model path). */
  extractive: () => PlainAnswer | Promise<PlainAnswer>;
  /**
   * The "couldn't find" reply, used when the model read the passages and said they do not answer.
   * Without it that case also falls back to the extractive answer.
   */
  notFound?: PlainAnswer;
  onToken?: (token: string) => void;
  signal?: AbortSignal;
}

export interface AnswerWithModelDeps {
  model: ChatModel;
  prompts: PromptLibrary;
  log?: EventLog;
}

const NO_ANSWER = 'NO_ANSWER';
/** At most this many restricted passages are quoted under a model answer. */
const MAX_QUOTED_RESTRICTED = 3;

const NOTICES: Record<string, Record<'unavailable' | 'restricted', string>> = {
  en: {
    unavailable: 'The language model is unavailable right now, so these are the most relevant passages, quoted.',
    restricted: 'Restricted passages are quoted below; they are never sent to the external language model.',
  },
  fr: {
    unavailable: "Le modèle de langage n'est pas disponible pour le moment ; voici les passages les plus pertinents, cités.",
    restricted: 'Les passages à diffusion restreinte sont cités ci-dessous ; ils ne sont jamais envoyés au modèle de langage externe.',
  },
  es: {
    unavailable: 'El modelo de lenguaje no está disponible en este momento; estos son los pasajes más pertinentes, citados.',
    restricted: 'Los pasajes restringidos se citan a continuación; nunca se envían al modelo de lenguaje externo.',
  },
  ru: {
    unavailable: 'Языковая модель сейчас недоступна, поэтому ниже приведены наиболее релевантные фрагменты.',
    restricted: 'Фрагменты ограниченного доступа приведены ниже; они никогда не передаются внешней языковой модели.',
  },
  ar: {
    unavailable: 'النموذج اللغوي غير متاح حاليًا، لذا هذه هي المقاطع الأكثر صلة مقتبسة.',
    restricted: 'المقاطع المقيدة مقتبسة أدناه؛ ولا تُرسل أبدًا إلى النموذج اللغوي الخارجي.',
  },
  zh: {
    unavailable: '语言模型暂时不可用，以下为引用的最相关段落。',
    restricted: '受限段落直接引用如下；它们从不发送给外部语言模型。',
  },
};

export function generationNotice(kind: 'unavailable' | 'restricted', language: string | undefined): string {
  return (NOTICES[language ?? 'en'] ?? NOTICES.en)![kind];
}

/**
 * Answers with the chat model over passages that are already in scope. The model sees only those
 * passages (and, with an external endpoint, only the non-restricted ones, within the token budget);
 * its citations are checked afterwards; any failure — timeout, error, an answer with no verifiable
 * citation — degrades to the extractive answer with one line saying so.
 */
export async function answerWithModel<P extends CitablePassage>(
  deps: AnswerWithModelDeps,
  input: AnswerWithModelInput<P>,
): Promise<GeneratedAnswer> {
  const { model, prompts, log } = deps;
  const base = { model: null, promptVersion: null, sentChunkIds: [], withheldChunkIds: [], removedCitations: [], notice: null };
  if (input.passages.length === 0) {
    return { ...(await input.extractive()), ...base, mode: 'extractive' };
  }

  const { sendable, withheld } = partitionForEgress(input.passages, model.egress);
  const numbered = fitPassagesToBudget(sendable, (text) => model.countTokens(text), model.contextTokens);
  const quoted: NumberedPassage<P>[] = withheld
    .slice(0, MAX_QUOTED_RESTRICTED)
    .map((passage, i) => ({ n: numbered.length + i + 1, passage }));
  const withheldChunkIds = withheld.map((p) => p.chunkId);

  const restrictedOnly = (): GeneratedAnswer => ({
    answerable: true,
    answer: [generationNotice('restricted', input.language), '', ...quoted.map((q) => quotePassage(q))].join('\n'),
    citations: citationsFor(
      quoted,
      quoted.map((q) => q.n),
    ),
    ...base,
    withheldChunkIds,
    mode: 'restricted_only',
    notice: generationNotice('restricted', input.language),
  });

  if (numbered.length === 0) return restrictedOnly();

  const prompt = await prompts.render('answer', {
    passages: formatPassages(numbered),
    question: input.question,
    language: languageInstruction(input.language),
  });
  const sentChunkIds = numbered.map((entry) => entry.passage.chunkId);
  const allowed = numbered.map((entry) => entry.n);
  const filter = input.onToken ? createCitationStreamFilter(allowed) : undefined;

  // What the member has been shown so far: on Stop, that is the answer (nothing more is generated).
  let said = '';
  const say = (text: string) => {
    said += text;
    input.onToken?.(text);
  };
  const stopped = (): GeneratedAnswer => {
    const check = checkCitations(said.trim(), allowed);
    return {
      answerable: check.cited.length > 0,
      answer: check.text,
      citations: citationsFor(numbered, check.cited),
      ...base,
      model: model.model,
      promptVersion: prompt.version,
      sentChunkIds,
      mode: 'stopped',
      notice: null,
    };
  };
  if (input.signal?.aborted) return stopped();
  let completion;
  try {
    completion = await model.complete(prompt.messages, {
      signal: input.signal,
      temperature: 0.1,
      purpose: 'answer',
      onToken:
        filter && input.onToken
          ? (token) => {
              const out = filter.push(token);
              if (out) say(out);
            }
          : undefined,
    });
    const rest = filter?.flush();
    if (rest) say(rest);
  } catch (error) {
    // Stop cancels the request (the client aborts the HTTP call); it is not a model failure.
    if (input.signal?.aborted) {
      log?.info?.({ code: 'llm.stopped', promptVersion: prompt.version }, 'answer stopped by the member');
      return stopped();
    }
    const code = isAppError(error) ? error.code : 'llm.unavailable';
    log?.warn({ code, model: model.model, promptVersion: prompt.version }, 'chat model failed; answering extractively');
    const fallback = await input.extractive();
    const notice = generationNotice('unavailable', input.language);
    return {
      ...fallback,
      answer: fallback.answerable ? `${notice}\n\n${fallback.answer}` : fallback.answer,
      ...base,
      promptVersion: prompt.version,
      sentChunkIds,
      mode: 'llm_unavailable',
      notice,
    };
  }

  const raw = completion.text.trim();
  const check = checkCitations(raw, allowed);
  if (check.removed.length > 0) {
    // Numbers only: the text around them may quote documents.
    log?.warn(
      { code: 'llm.invalid_citation', removed: check.removed, allowed: allowed.length, promptVersion: prompt.version },
      'removed citations to passages the model was not given',
    );
  }
  const meta = { model: completion.model, promptVersion: prompt.version, sentChunkIds, withheldChunkIds, removedCitations: check.removed };

  if (check.cited.length === 0) {
    if (raw.includes(NO_ANSWER) || raw.length === 0) {
      // The model found nothing in what it was given; restricted passages it never saw may still help.
      if (quoted.length > 0) return { ...restrictedOnly(), ...meta, mode: 'restricted_only' };
      if (input.notFound) return { ...input.notFound, ...meta, mode: 'llm', notice: null };
      const fallback = await input.extractive();
      // The documents don't answer: the member gets the plain "couldn't find" reply.
      return fallback.answerable
        ? { ...fallback, ...meta, mode: 'no_valid_citation', notice: null }
        : { ...fallback, ...meta, mode: 'llm', notice: null };
    }
    log?.warn(
      { code: 'llm.no_valid_citation', promptVersion: prompt.version },
      'model answer had no valid citation; answering extractively',
    );
    const fallback = await input.extractive();
    return { ...fallback, ...meta, mode: 'no_valid_citation', notice: null };
  }

  const body = check.text.replace(new RegExp(`\\s*${NO_ANSWER}\\s*`, 'g'), ' ').trim();
  const parts = [body];
  if (quoted.length > 0) parts.push('', generationNotice('restricted', input.language), ...quoted.map((q) => quotePassage(q)));
  return {
    answerable: true,
    answer: parts.join('\n'),
    citations: [
      ...citationsFor(numbered, check.cited),
      ...citationsFor(
        quoted,
        quoted.map((q) => q.n),
      ),
    ],
    ...meta,
    mode: 'llm',
    notice: null,
  };
}
