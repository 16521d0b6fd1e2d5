/** Lines of a text without their terminators; a final newline does not start an extra line. */
export function splitLines(text: string): { lines: string[]; crlf: boolean } {
  if (text === '') return { lines: [], crlf: false };
  const body = text.endsWith('\n') ? text.slice(0, text.endsWith('\r\n') ? -2 : -1) : text;
  const crlf = text.includes('\r\n');
  // Models write LF; the change set maps their text back onto the file's own line endings.
  return { lines: body.split(crlf ? /\r?\n/ : '\n'), crlf };
}
