import { metrics } from '../observability/metrics.js';
import OpenAI, { AzureOpenAI, APIUserAbortError, APIConnectionTimeoutError, APIError } from 'openai';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ChatCompletion, ChatMessage, ChatModel, ChatRequestOptions } from '../core/answering/chat-model.js';
import { countTokens } from './count-tokens.js';

export type LlmConfig = Config['llm'];

/** True when enough is configured to talk to a chat model; otherwise everything runs extractively. */
export function isChatModelConfigured(llm: LlmConfig): boolean {
  if (llm.azure) return Boolean(llm.azure.deployment);
  return Boolean(llm.model && (llm.apiKey || llm.baseUrl));
}

/** The `openai` client for the configured endpoint: Azure OpenAI or any OpenAI-compatible server. */
export function createOpenAiClient(llm: LlmConfig): OpenAI {
  // The client's own retry loop backs off exponentially on 408/409/429/5xx and honours Retry-After
  // and retry-after-ms (test/llm/openai-chat-model.test.ts proves it against a local server).
  const common = { timeout: llm.timeoutMs, maxRetries: llm.maxRetries };
  if (llm.azure) {
    return new AzureOpenAI({
      ...common,
      endpoint: llm.azure.endpoint,
      apiKey: llm.azure.apiKey ?? 'unused',
      deployment: llm.azure.deployment,
      apiVersion: llm.azure.apiVersion,
    });
  }
  // Local servers (Ollama, vLLM) take no key, but the client insists on one.
  return new OpenAI({ ...common, apiKey: llm.apiKey ?? 'unused', baseURL: llm.baseUrl });
}

/**
 * Chat model over the `openai` client. Every call streams (so chat adapters can show tokens as they
 * come) and runs under one overall deadline of LLM_TIMEOUT_MS, retries included: a slow endpoint
 * costs the member at most that long before the extractive fallback takes over.
 */
export function createChatModel(llm: LlmConfig, options: { logger?: Logger } = {}): ChatModel | undefined {
  if (!isChatModelConfigured(llm)) return undefined;
  const client = createOpenAiClient(llm);
  const model = llm.azure ? llm.azure.deployment : (llm.model ?? '');
  const logger = options.logger;
  return {
    model,
    egress: llm.egress,
    contextTokens: llm.contextTokens,
    countTokens,
    async complete(messages: ChatMessage[], request: ChatRequestOptions = {}): Promise<ChatCompletion> {
      const deadline = AbortSignal.timeout(llm.timeoutMs);
      const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
      const started = Date.now();
      const purpose = request.purpose ?? 'other';
      const stopTimer = metrics.llmSeconds.startTimer({ purpose });
      try {
        const stream = await client.chat.completions.create(
          {
            model,
            messages,
            stream: true,
            stream_options: { include_usage: true },
            temperature: request.temperature ?? 0.1,
            ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
          },
          { signal },
        );
        let text = '';
        let answeredBy = model;
        let promptTokens: number | undefined;
        let completionTokens: number | undefined;
        for await (const chunk of stream) {
          if (chunk.model) answeredBy = chunk.model;
          if (chunk.usage) {
            promptTokens = chunk.usage.prompt_tokens;
            completionTokens = chunk.usage.completion_tokens;
          }
          const piece = chunk.choices[0]?.delta?.content;
          if (piece) {
            text += piece;
            request.onToken?.(piece);
          }
        }
        // The stream ends quietly when its request is aborted (the connection is closed): a Stop or
        // the deadline mid-answer is an abort (below: llm.timeout, or the caller's), never an answer.
        if (signal.aborted) throw new APIUserAbortError();
        metrics.llmCalls.inc({ purpose, outcome: 'ok' });
        return { text, model: answeredBy, promptTokens, completionTokens };
      } catch (error) {
        metrics.llmCalls.inc({ purpose, outcome: 'failed' });
        const elapsedMs = Date.now() - started;
        if (deadline.aborted || error instanceof APIConnectionTimeoutError) {
          logger?.warn({ code: 'llm.timeout', elapsedMs, model }, 'chat model timed out');
          throw new AppError('llm.timeout', 'The language model did not answer in time.', { cause: error });
        }
        if (error instanceof APIUserAbortError) throw error;
        const status = error instanceof APIError ? error.status : undefined;
        logger?.warn({ code: 'llm.unavailable', status, elapsedMs, model }, 'chat model failed');
        throw new AppError('llm.unavailable', 'The language model is unavailable.', { cause: error, detail: { status } });
      } finally {
        stopTimer();
      }
    },
  };
}
