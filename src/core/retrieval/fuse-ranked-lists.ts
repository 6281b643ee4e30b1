/**
 * Reciprocal-rank fusion of ranked lists that were each retrieved inside the same scope (fusing
 * scoped lists is not filtering: no list holds anything out of scope). k = 60 is the value of the
 * original paper (Cormack et al., 2009) and of most engines. Returns the items best first with their
 * fused score; an item keeps the entry of the first list that holds it, unless `better` prefers a
 * later one (a passage found by a translated question keeps the relevance it has to that question).
 */
export function fuseRankedLists<T extends { chunkId: number }>(
  lists: readonly (readonly T[])[],
  limit: number,
  k = 60,
  better: (candidate: T, kept: T) => boolean = () => false,
): { item: T; score: number }[] {
  const scores = new Map<number, { item: T; score: number }>();
  for (const list of lists) {
    list.forEach((item, rank) => {
      const entry = scores.get(item.chunkId) ?? { item, score: 0 };
      entry.score += 1 / (k + rank + 1);
      if (entry.item !== item && better(item, entry.item)) entry.item = item;
      scores.set(item.chunkId, entry);
    });
  }
  return [...scores.values()].sort((a, b) => b.score - a.score || a.item.chunkId - b.item.chunkId).slice(0, limit);
}
