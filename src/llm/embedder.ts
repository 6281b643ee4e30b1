import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { Embedder } from '../core/retrieval/embedder.js';
import { createOpenAiClient } from './openai-chat-model.js';

/**
 * Text embeddings over the `openai` client (EMBEDDING_MODEL on the configured OpenAI-compatible or
 * Azure endpoint). Undefined when no embedding model is configured: retrieval is then lexical only.
 */
export function createEmbedder(llm: Config['llm']): (Embedder & { egress: Config['llm']['egress'] }) | undefined {
  const model = llm.embeddingModel;
  if (!model) return undefined;
  if (!llm.azure && !llm.apiKey && !llm.baseUrl) return undefined;
  // On Azure the embedding model is its own deployment.
  const client = createOpenAiClient(llm.azure ? { ...llm, azure: { ...llm.azure, deployment: model } } : llm);
  return {
    model,
    egress: llm.egress,
    async embed(texts: string[]): Promise<number[][]> {
      if (texts.length === 0) return [];
      try {
        const response = await client.embeddings.create({ model, input: texts, encoding_format: 'float' });
        const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
        if (vectors.length !== texts.length) throw new Error(`expected ${texts.length} embeddings, got ${vectors.length}`);
        return vectors;
      } catch (error) {
        throw new AppError('llm.unavailable', `The embedding endpoint failed (${(error as Error).message}).`, {
          exitCode: 1,
          cause: error,
        });
      }
    },
  };
}
