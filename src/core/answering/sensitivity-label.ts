import { message } from '../messages/index.js';
import type { Classification } from '../retrieval/retrieved-chunk.js';

/** A document's classification as members read it: a short name and a one-line description. */
export interface SensitivityLabel {
  classification: Classification;
  name: string;
  description: string;
}

const RANK: Record<Classification, number> = { public: 0, internal: 1, restricted: 2 };

export function sensitivityLabel(classification: Classification, language: string, memberStateName?: string | null): SensitivityLabel {
  const state = memberStateName || message('sensitivity.state_unknown', language);
  return {
    classification,
    name: message(`sensitivity.${classification}`, language),
    description: message(`sensitivity.${classification}_detail`, language, { state }),
  };
}

/** The most sensitive of several classifications (what a message citing them all carries). */
export function mostSensitive<T extends { classification: Classification }>(items: readonly T[]): T | undefined {
  return items.reduce<T | undefined>((top, item) => (!top || RANK[item.classification] > RANK[top.classification] ? item : top), undefined);
}
