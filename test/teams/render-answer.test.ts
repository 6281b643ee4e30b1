import { describe, expect, it } from 'vitest';
import type { AnswerSource } from '../../src/core/answering/extractive-answer.js';
import { renderAnswer } from '../../src/teams/render-answer.js';

const source = (n: number, extra: Partial<AnswerSource> = {}): AnswerSource => ({
  n,
  documentId: `doc-${n}`,
  title: `A very long title for document number ${n} that goes on well past the eighty characters Teams shows`,
  memberStateName: 'Republic of Valdoria',
  kind: 'assessment_report',
  kindLabel: 'assessment report',
  documentDate: '2026-03-15',
  classification: 'internal',
  language: 'en',
  heading: 'Border management and the long list of crossing points that this heading describes in great detail for the reader',
  ...extra,
});

describe('Teams answer rendering', () => {
  it('cites only the [n] the text uses, at most 20, within Teams’ length limits', () => {
    const sources = Array.from({ length: 25 }, (_, i) => source(i + 1));
    const body = `${Array.from({ length: 24 }, (_, i) => `Claim [${i + 1}].`).join(' ')}`;
    const { entity, text } = renderAnswer({ body, sources, language: 'en' }, { extractive: false });
    expect(entity.citation).toHaveLength(20);
    expect(entity.citation.map((c) => c.position)).not.toContain(25);
    for (const c of entity.citation) {
      expect(text).toContain(`[${c.position}]`);
      expect(c.appearance.name.length).toBeLessThanOrEqual(80);
      expect(c.appearance.abstract.length).toBeLessThanOrEqual(160);
      expect(c.appearance.keywords).toEqual(['Republic of Valdoria', 'assessment report', '2026-03-15']);
    }
    expect(entity.usageInfo).toBeUndefined();
  });

  it('adds the sensitivity label only when a cited source is restricted, and the extractive notice when asked', () => {
    const sources = [source(1), source(2, { classification: 'restricted', memberStateName: 'Kingdom of Istrana' })];
    const uncited = renderAnswer({ body: 'Only [1].', sources, language: 'fr' }, { extractive: true });
    expect(uncited.entity.usageInfo).toBeUndefined();
    expect(uncited.text).toContain('aucun modèle de langage');
    const cited = renderAnswer({ body: 'Both [1] [2].', sources, language: 'en' }, { extractive: false });
    expect(cited.entity.usageInfo?.description).toBe('Restricted — shared with the consent of Kingdom of Istrana');
  });

  it('labels every citation from its own document’s classification, in the asker’s language', () => {
    const sources = [
      source(1, { classification: 'public' }),
      source(2),
      source(3, { classification: 'restricted', memberStateName: 'Kingdom of Istrana' }),
    ];
    const en = renderAnswer({ body: 'One [1], two [2], three [3].', sources, language: 'en' }, { extractive: false });
    expect(en.entity.citation.map((c) => [c.position, c.appearance.usageInfo.name])).toEqual([
      [1, 'Public'],
      [2, 'Internal'],
      [3, 'Restricted'],
    ]);
    expect(en.entity.citation[2]?.appearance.usageInfo).toEqual({
      '@type': 'CreativeWork',
      name: 'Restricted',
      description: 'Restricted — shared with the consent of Kingdom of Istrana',
    });
    // Only internal and public cited: each claim labelled, the message itself not restricted.
    const mild = renderAnswer({ body: 'One [1], two [2].', sources, language: 'fr' }, { extractive: false });
    expect(mild.entity.usageInfo).toBeUndefined();
    expect(mild.entity.citation.map((c) => c.appearance.usageInfo.name)).toEqual(['Public', 'Interne']);
    expect(mild.entity.citation[1]?.appearance.usageInfo.description).toBe('Interne — réservé aux membres du Pacte');
  });
});
