import { convert, type DomNode, type FormatCallback } from 'html-to-text';

/** The text content of a parsed HTML node, entities already decoded by the parser. */
function textOf(nodes: DomNode[] | undefined): string {
  if (!nodes) return '';
  let out = '';
  for (const node of nodes) {
    const item = node as { type?: string; data?: string; children?: DomNode[]; name?: string };
    if (item.type === 'text') out += item.data ?? '';
    else if (item.name === 'br') out += ' ';
    else out += textOf(item.children);
  }
  return out.replace(/\s+/g, ' ').trim();
}

function childrenNamed(node: DomNode, names: string[]): DomNode[] {
  const found: DomNode[] = [];
  const visit = (item: DomNode) => {
    const children = (item as { children?: DomNode[] }).children ?? [];
    for (const child of children) {
      const name = (child as { name?: string }).name;
      if (name && names.includes(name)) found.push(child);
      else if (name !== 'table') visit(child);
    }
  };
  visit(node);
  return found;
}

/** Headings become markdown `#` lines, so chunking can carry them into every chunk below. */
const headingFormatter: FormatCallback = (elem, walk, builder) => {
  const level = Number((elem as { name?: string }).name?.slice(1)) || 2;
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addLiteral(`${'#'.repeat(level)} `);
  walk((elem as { children?: DomNode[] }).children ?? [], builder);
  builder.closeBlock({ trailingLineBreaks: 2 });
};

/**
 * A table becomes one line per row, each cell labelled with its column header
 * ("Activity: …; Lead: UNODC; Timeline: …"): a passage then says which value is the lead or the
 * priority, which a flattened grid would lose.
 */
const tableFormatter: FormatCallback = (elem, _walk, builder) => {
  const rows = childrenNamed(elem, ['tr']).map((row) =>
    childrenNamed(row, ['th', 'td']).map((cell) => ({
      header: (cell as { name?: string }).name === 'th',
      text: textOf((cell as { children?: DomNode[] }).children),
    })),
  );
  const headerRow = rows.find((cells) => cells.length > 0 && cells.every((cell) => cell.header));
  const headers = headerRow?.map((cell) => cell.text) ?? [];
  const lines = rows
    .filter((cells) => cells !== headerRow && cells.length > 0)
    .map((cells) =>
      labelCells(
        headers,
        cells.map((cell) => cell.text),
      ),
    );
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addLiteral(lines.join('\n'));
  builder.closeBlock({ trailingLineBreaks: 2 });
};

export function labelCells(headers: string[], cells: string[]): string {
  return cells
    .map((cell, index) => {
      const header = headers[index]?.trim();
      return header && index > 0 ? `${header}: ${cell}` : cell;
    })
    .filter((part) => part.trim().length > 0)
    .join('; ');
}

/** Elements of a page that are the site's, not the document's. */
const SITE_FURNITURE = [
  'nav',
  'aside',
  'footer',
  'form',
  'button',
  'script',
  'style',
  'noscript',
  '[role="navigation"]',
  '[role="search"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[aria-hidden="true"]',
  '[class*="cookie"]',
  '[id*="cookie"]',
  '[class*="share"]',
  '[class*="social"]',
  '[class*="sponsor"]',
  '[class~="ad"]',
  '[class*="advert"]',
];

/** HTML page → text with `#` headings, labelled table rows and list items on their own lines. */
export function htmlToStructuredText(html: string): string {
  return convert(html, {
    wordwrap: false,
    formatters: { compactHeading: headingFormatter, labelledTable: tableFormatter },
    selectors: [
      ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({ selector, format: 'compactHeading' })),
      { selector: 'table', format: 'labelledTable' },
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      // A web page's furniture, by the HTML elements, ARIA roles and class names sites mark it with:
      // indexed, the navigation, cookie banner and footer would be quoted as the document's words
      // (a cookie notice, "Share on Facebook"). A page's <header> stays: documents put their title and
      // byline there; so do breadcrumbs, which name the page's subject ("Working Groups › PCVE").
      ...SITE_FURNITURE.map((selector) => ({ selector, format: 'skip' })),
      { selector: 'ul', options: { itemPrefix: '- ' } },
    ],
  });
}

/** mammoth renders Word headings styled as "Heading n" as <hN>; a paragraph that is entirely bold is a heading too. */
export function promoteBoldParagraphs(html: string): string {
  return html.replace(/<p>\s*<strong>([^<]{1,150})<\/strong>\s*<\/p>/g, (whole, inner: string) =>
    /[.;,]\s*$/.test(inner) ? whole : `<h3>${inner}</h3>`,
  );
}
