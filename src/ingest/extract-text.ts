import { open } from 'node:fs/promises';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import mammoth from 'mammoth';
import { extractText as extractPdfText, getDocumentProxy } from 'unpdf';
import { AppError } from '../errors.js';
import type { DocumentFormat } from './load-catalog-file.js';
import { htmlToStructuredText, promoteBoldParagraphs } from './html-to-structured-text.js';
import { normalizeText } from './normalize-text.js';
import { markdownToStructuredText, plainTextToStructuredText } from './structure-text.js';

export interface ExtractedText {
  /** Normalised text with `#` headings (see structure-text.ts). */
  text: string;
  /** The raw bytes, for the content hash: a re-ingest is a no-op when neither file nor metadata changed. */
  bytes: Buffer;
}

function unreadable(filePath: string, reason: string, cause?: unknown): AppError {
  return new AppError('ingest.unreadable_file', `${filePath}: ${reason}`, { exitCode: 2, cause });
}

/** Strict UTF-8: undecodable bytes are an error, never silently replaced with U+FFFD. */
function decodeUtf8(filePath: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw unreadable(filePath, 'the file is not valid UTF-8 text (undecodable bytes); re-save it as UTF-8', error);
  }
}

export interface ExtractOptions {
  /** Larger files are refused before being read (a 50 MB text took minutes and gigabytes). */
  maxBytes?: number;
  /** A corrupt PDF or DOCX whose parser never settles fails alone after this long. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** Reads a regular file through one handle (size checked on that handle), refusing more than maxBytes. */
async function readBytes(filePath: string, maxBytes: number): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(filePath, 'r');
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!stats.isFile()) throw unreadable(filePath, 'not a regular file');
    if (stats.size > maxBytes)
      throw unreadable(
        filePath,
        `the file is ${megabytes(stats.size)}, more than the ${megabytes(maxBytes)} limit per file (INGEST_MAX_FILE_MB); split it or raise the limit`,
      );
    return await handle.readFile();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : (error as Error).message;
    throw unreadable(filePath, `cannot read the file (${reason})`, error);
  } finally {
    await handle?.close();
  }
}

/** Parsers of binary formats run on untrusted bytes: one that never settles must not stall the whole ingest. */
async function withTimeout<T>(filePath: string, what: string, timeoutMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(unreadable(filePath, `the ${what} could not be read within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function pdfText(filePath: string, bytes: Buffer): Promise<string> {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw unreadable(filePath, 'not a PDF file (no %PDF header)');
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractPdfText(pdf, { mergePages: false });
    return (Array.isArray(text) ? text : [text]).join('\n\n');
  } catch (error) {
    throw unreadable(filePath, `the PDF cannot be read (${(error as Error).message})`, error);
  }
}

async function docxHtml(filePath: string, bytes: Buffer): Promise<string> {
  if (bytes.subarray(0, 2).toString('latin1') !== 'PK') throw unreadable(filePath, 'not a DOCX file (not a zip package)');
  try {
    const result = await mammoth.convertToHtml({ buffer: bytes });
    return result.value;
  } catch (error) {
    // A package written without a styles part but whose tables name a style ("TableGrid") makes
    // mammoth throw; the text does not depend on the style, so read it once more without them.
    try {
      const result = await mammoth.convertToHtml({ buffer: withoutTableStyles(bytes) });
      return result.value;
    } catch {
      throw unreadable(filePath, `the DOCX cannot be read (${(error as Error).message})`, error);
    }
  }
}

/** The same DOCX package with its tables' style references removed from word/document.xml. */
function withoutTableStyles(bytes: Buffer): Buffer {
  const files = unzipSync(new Uint8Array(bytes));
  const document = files['word/document.xml'];
  if (!document) throw new Error('no word/document.xml');
  files['word/document.xml'] = strToU8(strFromU8(document).replace(/<w:tblStyle\b[^>]*\/>/g, ''));
  return Buffer.from(zipSync(files));
}

/**
 * Reads one document and returns its text in the common structured shape. Throws AppError
 * `ingest.unreadable_file` naming the path and the reason (missing, undecodable, corrupt, empty).
 */
export async function extractText(filePath: string, format: DocumentFormat, options: ExtractOptions = {}): Promise<ExtractedText> {
  const bytes = await readBytes(filePath, options.maxBytes ?? Number.POSITIVE_INFINITY);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let structured: string;
  switch (format) {
    case 'md':
      structured = markdownToStructuredText(normalizeText(decodeUtf8(filePath, bytes)));
      break;
    case 'txt':
      structured = plainTextToStructuredText(normalizeText(decodeUtf8(filePath, bytes)));
      break;
    case 'html':
      structured = htmlToStructuredText(normalizeText(decodeUtf8(filePath, bytes)));
      break;
    case 'docx':
      structured = htmlToStructuredText(promoteBoldParagraphs(await withTimeout(filePath, 'DOCX', timeoutMs, docxHtml(filePath, bytes))));
      break;
    case 'pdf':
      structured = plainTextToStructuredText(normalizeText(await withTimeout(filePath, 'PDF', timeoutMs, pdfText(filePath, bytes))));
      break;
  }
  const text = normalizeText(structured);
  if (text.replace(/[#\s]/g, '').length === 0) throw unreadable(filePath, 'no text could be extracted (empty or image-only document)');
  return { text, bytes };
}
