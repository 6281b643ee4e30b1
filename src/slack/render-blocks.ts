import type { KnownBlock } from '@slack/types';

/** Slack's Block Kit limits: a section's text, blocks per message, elements per context block. */
export const SECTION_TEXT_LIMIT = 3_000;
export const MESSAGE_BLOCK_LIMIT = 50;
export const CONTEXT_ELEMENT_LIMIT = 10;

/** Characters Slack's mrkdwn treats as markup in plain text we did not write (titles, quotes). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Splits text into chunks of at most `limit` characters, at a paragraph, then a line, then a space
 * when it can, so no section block exceeds Slack's 3,000 characters.
 */
export function splitText(text: string, limit = SECTION_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    let cut = window.lastIndexOf('\n\n');
    if (cut < limit / 2) cut = window.lastIndexOf('\n');
    if (cut < limit / 2) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = limit;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/**
 * Text as mrkdwn sections. Escaped first: a quoted passage containing `<!channel>` or `<@U…>` must
 * not ping anyone or turn into a link.
 */
export function sectionBlocks(text: string): KnownBlock[] {
  return splitText(escapeMrkdwn(text)).map((part) => ({ type: 'section', text: { type: 'mrkdwn', text: part } }));
}

/**
 * Keeps a message within 50 blocks: the trailing blocks (sources, buttons) are kept whole and the
 * body is cut, ending with an ellipsis section, so the citations and controls survive.
 */
export function fitBlocks(body: KnownBlock[], trailing: KnownBlock[]): KnownBlock[] {
  const room = MESSAGE_BLOCK_LIMIT - trailing.length;
  if (body.length <= room) return [...body, ...trailing];
  return [...body.slice(0, Math.max(0, room - 1)), { type: 'section', text: { type: 'mrkdwn', text: '…' } }, ...trailing];
}
