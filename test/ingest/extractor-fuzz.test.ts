import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { extractText } from '../../src/ingest/extract-text.js';
import type { DocumentFormat } from '../../src/ingest/load-catalog-file.js';
import { INGEST_FIXTURE_DIR } from '../helpers/ingest-fixture.js';

// Issue 10: the real extractors on a few hundred mutated PDF, DOCX and HTML files (byte flips,
// truncation, corrupted zip entries, broken markup). Each either extracts text or fails alone with
// AppError ingest.unreadable_file naming the file and a reason; nothing crashes or hangs.

const PER_FORMAT = 100;
/** The whole run stops generating new inputs after this long (a busy machine is slower, not wrong). */
const BUDGET_MS = 20_000;
const PER_FILE_TIMEOUT_MS = 5_000;

const work = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** mulberry32: a small seeded generator, so a failing input can be reproduced from its number. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Mutation = (bytes: Buffer, next: () => number) => Buffer;
const pick = (next: () => number, n: number) => Math.floor(next() * n);

const flipBytes: Mutation = (bytes, next) => {
  const out = Buffer.from(bytes);
  const flips = 1 + pick(next, 24);
  for (let i = 0; i < flips; i += 1) out[pick(next, out.length)] = pick(next, 256);
  return out;
};
const truncate: Mutation = (bytes, next) => bytes.subarray(0, pick(next, bytes.length));
const insertGarbage: Mutation = (bytes, next) => {
  const at = pick(next, bytes.length);
  const garbage = Buffer.from(Array.from({ length: 1 + pick(next, 64) }, () => pick(next, 256)));
  return Buffer.concat([bytes.subarray(0, at), garbage, bytes.subarray(at)]);
};
/** Flips bytes inside one zip entry's data (after its local header), leaving the archive's directory intact. */
const corruptZipEntry: Mutation = (bytes, next) => {
  const headers: number[] = [];
  for (let at = bytes.indexOf('PK\x03\x04', 0, 'latin1'); at >= 0; at = bytes.indexOf('PK\x03\x04', at + 4, 'latin1')) headers.push(at);
  const out = Buffer.from(bytes);
  const header = headers[pick(next, headers.length)] ?? 0;
  const dataStart = header + 30 + out.readUInt16LE(header + 26) + out.readUInt16LE(header + 28);
  for (let i = 0; i < 1 + pick(next, 16); i += 1) {
    const at = dataStart + pick(next, 200);
    if (at < out.length) out[at] = pick(next, 256);
  }
  return out;
};
const breakMarkup: Mutation = (bytes, next) => {
  const text = bytes.toString('utf8');
  const pieces = [
    '<',
    '>',
    '</p',
    '<div><div><div>',
    '<![CDATA[',
    '<!--',
    '&#0;',
    '&#xFFFFFF;',
    '\u0000',
    '<script>',
    '"',
    '<table><tr><td>',
  ];
  let out = text;
  for (let i = 0; i < 1 + pick(next, 10); i += 1) {
    const at = pick(next, out.length);
    out = out.slice(0, at) + pieces[pick(next, pieces.length)]! + out.slice(at + pick(next, 3));
  }
  return Buffer.from(out);
};

const SEEDS: { format: DocumentFormat; file: string; mutations: Mutation[] }[] = [
  { format: 'pdf', file: 'fre-assess.pdf', mutations: [flipBytes, truncate, insertGarbage] },
  { format: 'docx', file: 'fre-ta.docx', mutations: [flipBytes, truncate, insertGarbage, corruptZipEntry, corruptZipEntry] },
  { format: 'html', file: 'rur-recs.html', mutations: [breakMarkup, breakMarkup, flipBytes, truncate] },
];

describe('extractors under mutated input', () => {
  it('every mutated PDF, DOCX and HTML file extracts or fails alone with a reason', async () => {
    const started = Date.now();
    const tally: Record<string, { extracted: number; refused: number }> = {};
    const unexpected: string[] = [];
    for (let n = 0; n < PER_FORMAT && Date.now() - started < BUDGET_MS; n += 1) {
      for (const seed of SEEDS) {
        const next = random(n * 7919 + seed.format.length);
        const original = readFileSync(path.join(INGEST_FIXTURE_DIR, 'docs', seed.file));
        const mutation = seed.mutations[pick(next, seed.mutations.length)]!;
        let bytes = mutation(original, next);
        if (next() < 0.3) bytes = seed.mutations[pick(next, seed.mutations.length)]!(bytes.length > 0 ? bytes : original, next);
        const file = path.join(work, `${seed.format}-${n}.${seed.format}`);
        writeFileSync(file, bytes);
        const counts = (tally[seed.format] ??= { extracted: 0, refused: 0 });
        try {
          const { text } = await extractText(file, seed.format, { timeoutMs: PER_FILE_TIMEOUT_MS });
          expect(typeof text).toBe('string');
          // eslint-disable-next-line no-control-regex -- extracted text must be free of them
          expect(text, `${file}`).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
          counts.extracted += 1;
        } catch (error) {
          if (isAppError(error) && error.code === 'ingest.unreadable_file' && error.userMessage.startsWith(`${file}: `)) {
            expect(error.userMessage.length).toBeGreaterThan(file.length + 5);
            counts.refused += 1;
          } else {
            unexpected.push(`${file}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
          }
        }
      }
    }
    expect(unexpected).toEqual([]);
    const total = Object.values(tally).reduce((sum, t) => sum + t.extracted + t.refused, 0);
    // A few hundred inputs on an idle machine; never fewer than a meaningful sample.
    expect(total).toBeGreaterThanOrEqual(60);
    for (const format of ['pdf', 'docx', 'html']) expect(tally[format]!.extracted + tally[format]!.refused).toBeGreaterThan(0);
    // Both outcomes occur: the mutations do break files, and some survive them.
    expect(Object.values(tally).some((t) => t.refused > 0)).toBe(true);
    expect(Object.values(tally).some((t) => t.extracted > 0)).toBe(true);
  }, 120_000);
});
