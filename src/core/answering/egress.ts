import type { Classification } from '../retrieval/retrieved-chunk.js';
import type { Egress } from './chat-model.js';

/**
 * Egress control: where the model endpoint runs decides what may be sent to it. Restricted text
 * (by default assessment reports, consultation notes and roadmaps) goes only to an `internal`
 * endpoint; with an `external` one those passages are quoted to the member extractively instead.
 */
export function mayLeaveForModel(classification: Classification, egress: Egress): boolean {
  return classification !== 'restricted' || egress === 'internal';
}

export function partitionForEgress<T extends { classification: Classification }>(
  passages: readonly T[],
  egress: Egress,
): { sendable: T[]; withheld: T[] } {
  const sendable: T[] = [];
  const withheld: T[] = [];
  for (const passage of passages) (mayLeaveForModel(passage.classification, egress) ? sendable : withheld).push(passage);
  return { sendable, withheld };
}

/** The rule in words, for `compact-bot status`. */
export function describeEgressRule(egress: Egress | null): string {
  if (egress === null) return 'no language model configured: answers are extractive, no document text leaves the server';
  return egress === 'internal'
    ? 'endpoint declared internal (LLM_EGRESS=internal): public, internal and restricted passages may be sent to it (and embedded)'
    : 'endpoint declared external (LLM_EGRESS=external): public and internal passages are sent; restricted passages are never sent (nor embedded), they are quoted extractively';
}
