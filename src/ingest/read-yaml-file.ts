import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { AppError } from '../errors.js';

export interface YamlFile {
  path: string;
  data: unknown;
  /** "line N" of the node at a path, for error messages; '' when unknown. */
  lineOf(path: (string | number)[]): string;
}

/** Directory, catalog and reminder files need few aliases; many is an expansion attack. */
const MAX_ALIAS_COUNT = 100;

/** Reads and parses a YAML file; unreadable or malformed files are input errors naming the file and line. */
export function readYamlFile(filePath: string): YamlFile {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new AppError('input.unreadable_file', `${filePath}: cannot read the file (${reason}).`, { exitCode: 2, cause: error });
  }
  const lineCounter = new LineCounter();
  const document: Document = parseDocument(text, { lineCounter, uniqueKeys: true });
  const problem = document.errors[0];
  if (problem) {
    const where = problem.linePos?.[0] ? `line ${problem.linePos[0].line}, column ${problem.linePos[0].col}` : 'unknown position';
    throw new AppError('input.invalid', `${filePath}: malformed YAML at ${where}: ${problem.message.split('\n')[0]}`, { exitCode: 2 });
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml refuses to expand an alias bomb ("billion laughs") past maxAliasCount with a ReferenceError.
    if (error instanceof ReferenceError && /alias/i.test(error.message))
      throw new AppError(
        'input.invalid',
        `${filePath}: too many aliases (YAML anchors expanding into more than ${MAX_ALIAS_COUNT} copies); write the values out instead.`,
        { exitCode: 2, cause: error },
      );
    throw new AppError('input.invalid', `${filePath}: the YAML cannot be read (${(error as Error).message})`, {
      exitCode: 2,
      cause: error,
    });
  }
  return {
    path: filePath,
    data,
    lineOf(nodePath) {
      for (let length = nodePath.length; length >= 0; length -= 1) {
        const node = document.getIn(nodePath.slice(0, length), true);
        if (isNode(node) && node.range) return `line ${lineCounter.linePos(node.range[0]).line}`;
      }
      return '';
    },
  };
}

/** Turns zod-style issues into one line each: "file (line N): entry: field: message". */
export function describeIssue(
  file: YamlFile,
  issuePath: (string | number)[],
  message: string,
  describeEntry: (path: (string | number)[]) => string,
): string {
  const line = file.lineOf(issuePath);
  return `${file.path}${line ? ` (${line})` : ''}: ${describeEntry(issuePath)}: ${message}`;
}
