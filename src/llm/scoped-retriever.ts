import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import { Document } from '@langchain/core/documents';
import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import type { AskContext } from '../core/types.js';
import type { RetrievedChunk, SearchChunks } from '../core/retrieval/retrieved-chunk.js';

export interface ScopedRetrieverInput extends BaseRetrieverInput {
  searchChunks: SearchChunks;
  /** The asker; null (unknown identity) retrieves nothing. */
  memberId: string | null;
  context: AskContext;
  k?: number;
}

/**
 * Scoped retrieval as a LangChain retriever, so it composes with LangChain chains. The scope is
 * fixed at construction (one retriever per asker and context) and applied in SQL by the port; the
 * retriever never sees a document outside it. Metadata carries what citations and audits need.
 */
export class ScopedRetriever extends BaseRetriever {
  lc_namespace = ['compact_bot', 'retrievers'];
  private readonly search: SearchChunks;
  private readonly memberId: string | null;
  private readonly context: AskContext;
  private readonly k: number;

  static lc_name(): string {
    return 'ScopedRetriever';
  }

  constructor(input: ScopedRetrieverInput) {
    super(input);
    this.search = input.searchChunks;
    this.memberId = input.memberId;
    this.context = input.context;
    this.k = input.k ?? 5;
  }

  async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document[]> {
    const chunks = await this.search({ memberId: this.memberId, context: this.context, query, limit: this.k });
    return chunks.map((chunk) => toDocument(chunk));
  }
}

export function toDocument(chunk: RetrievedChunk): Document {
  const { text, ...metadata } = chunk;
  return new Document({ pageContent: text, metadata, id: String(chunk.chunkId) });
}
