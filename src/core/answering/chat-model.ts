/**
 * The port to a chat model. `src/llm` implements it over the `openai` client; core only sees this,
 * so answering and summaries stay platform- and vendor-neutral (and tests can swap in a real local
 * HTTP peer rather than a patched client).
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatCompletion {
  text: string;
  /** The model (or Azure deployment) that answered; recorded in the audit log. */
  model: string;
  promptTokens?: number;
  completionTokens?: number;
}

export interface ChatRequestOptions {
  /** Called with each streamed piece of text as it arrives (chat adapters show progress with it). */
  onToken?: (token: string) => void;
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  /** What the call is for, for metrics: answer, summary, translate. */
  purpose?: string;
}

/** Where the endpoint runs: restricted documents may only ever be sent to an `internal` one. */
export type Egress = 'external' | 'internal';

export interface ChatModel {
  readonly model: string;
  readonly egress: Egress;
  /** Token budget for the retrieved passages placed in a prompt. */
  readonly contextTokens: number;
  countTokens(text: string): number;
  /** Throws AppError `llm.timeout` or `llm.unavailable` once retries and the deadline are spent. */
  complete(messages: ChatMessage[], options?: ChatRequestOptions): Promise<ChatCompletion>;
}

export type PromptName = 'answer' | 'summary' | 'query-rewrite';

export interface RenderedPrompt {
  name: PromptName;
  /** e.g. `answer.v1`: recorded with every answer. */
  version: string;
  messages: ChatMessage[];
}

/** Versioned prompt files, loaded by name and rendered (implemented in src/llm). */
export interface PromptLibrary {
  render(name: PromptName, variables: Record<string, string>): Promise<RenderedPrompt>;
}
