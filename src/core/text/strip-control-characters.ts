/**
 * Removes control characters that are never text: NUL (PostgreSQL refuses it in text, so a question
 * carrying one made the audit INSERT fail), the other C0 controls except tab and line breaks, DEL,
 * zero-width space and soft hyphen. Used on questions at the core edge and on extracted documents.
 */
export function stripControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B\u00AD]/g, '');
}

/** A question as every surface hands it to the core: control characters stripped, trimmed. */
export function cleanQuestion(question: string): string {
  return stripControlCharacters(question).trim();
}
