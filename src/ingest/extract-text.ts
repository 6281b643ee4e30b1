import { readFile } from 'node:fs/promises';
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

async function readBytes(filePath: string): Promise<Buffer> {
  try {
    return await readFile(filePath);
  } catch (error) {
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
export async function extractText(filePath: string, format: DocumentFormat): Promise<ExtractedText> {
  const bytes = await readBytes(filePath);
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
      structured = htmlToStructuredText(promoteBoldParagraphs(await docxHtml(filePath, bytes)));
      break;
    case 'pdf':
      structured = plainTextToStructuredText(normalizeText(await pdfText(filePath, bytes)));
      break;
  }
  const text = normalizeText(structured);
  if (text.replace(/[#\s]/g, '').length === 0) throw unreadable(filePath, 'no text could be extracted (empty or image-only document)');
  return { text, bytes };
}
