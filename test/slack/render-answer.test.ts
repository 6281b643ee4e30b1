import { describe, expect, it } from 'vitest';
import type { AnswerSource } from '../../src/core/answering/extractive-answer.js';
import { renderAnswer } from '../../src/slack/render-answer.js';
import { MESSAGE_BLOCK_LIMIT, SECTION_TEXT_LIMIT } from '../../src/slack/render-blocks.js';

const source = (n: number): AnswerSource => ({
  n,
  documentId: `doc-${n}`,
  title: `Document ${n}`,
  memberStateName: 'Republic of Valdoria',
  kind: 'assessment_report',
  kindLabel: 'Assessment report',
  documentDate: '2026-06-01',
  classification: 'internal',
  language: 'en',
  heading: null,
});

describe('renderAnswer', () => {
  it('keeps a very long answer within 3,000 characters a section and 50 blocks, sources and feedback kept', () => {
    const body = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} says something long enough to matter [1].`.repeat(8)).join('\n\n');
    const sources = Array.from({ length: 23 }, (_, i) => source(i + 1));
    const { blocks } = renderAnswer(
      { answerable: true, body, sources, auditId: 7, model: 'extractive', language: 'en' },
      { feedbackToken: '3f1c2a9e-0000-4000-8000-000000000007' },
    );
    expect(blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCK_LIMIT);
    for (const block of blocks) {
      if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
      if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(10);
    }
    const text = JSON.stringify(blocks);
    expect(text).toContain('Document 23');
    expect(blocks.at(-1)?.type).toBe('context_actions');
  });

  it('asks no feedback and offers no share on a stopped answer, whatever tokens it was given', () => {
    const answer = { answerable: true, body: 'A [1]', sources: [source(1)], auditId: 9, model: 'llm', language: 'en', stopped: true };
    const { blocks } = renderAnswer(answer, { feedbackToken: 'f', shareToken: 's' });
    expect(blocks.some((b) => b.type === 'context_actions' || b.type === 'actions')).toBe(false);
    expect(renderAnswer({ ...answer, stopped: false }, { feedbackToken: 'f' }).blocks.at(-1)?.type).toBe('context_actions');
  });

  it('names each source’s sensitivity label in words, in the asker’s language, as Teams labels the citation', () => {
    const sources = [
      source(1),
      { ...source(2), classification: 'restricted' as const },
      { ...source(3), classification: 'public' as const },
    ];
    const { blocks } = renderAnswer({ answerable: true, body: 'A [1] B [2] C [3]', sources, auditId: 3, model: 'llm', language: 'es' });
    const lines = blocks.flatMap((b) => (b.type === 'context' ? b.elements.map((e) => ('text' in e ? e.text : '')) : []));
    expect(lines.find((l) => l.startsWith('*[1]*'))).toMatch(/· Interno$/);
    expect(lines.find((l) => l.startsWith('*[2]*'))).toMatch(/· Restringido$/);
    expect(lines.find((l) => l.startsWith('*[3]*'))).toMatch(/· Público$/);
  });

  it('escapes quoted text so it cannot ping a channel or forge a link', () => {
    const { blocks, text } = renderAnswer({
      answerable: true,
      body: 'Alert <!channel> and <https://evil.example|click> [1]',
      sources: [source(1)],
      auditId: 1,
      model: 'llm',
      language: 'en',
    });
    expect(JSON.stringify(blocks)).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('has no feedback buttons on a refusal without an audit row', () => {
    const { blocks } = renderAnswer({
      answerable: false,
      body: 'No information.',
      sources: [],
      auditId: null,
      model: null,
      language: 'en',
    });
    expect(blocks.map((b) => b.type)).toEqual(['section']);
  });
});
