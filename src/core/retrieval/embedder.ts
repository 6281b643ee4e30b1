/**
 * The embedding port: one vector per text, in the order given. Ingestion embeds chunks with it and
 * retrieval embeds the question; src/llm/embedder.ts implements it over the openai client, and the
 * composition root (src/app, src/cli) decides whether there is one at all.
 */
export interface Embedder {
  /** Stored with each chunk's vector, so vectors of different models are never compared. */
  readonly model: string;
  embed(texts: string[]): Promise<number[][]>;
}
