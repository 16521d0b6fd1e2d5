/**
 * A workspace file as the user has it now: the open editor's text when it has unsaved changes
 * (that is what the user sees and must never lose), else the bytes on disk, decoded the way the
 * agents decoded them. Plus the plumbing to edit a file through its document in its own encoding.
 */
import * as vscode from 'vscode';
import type { CurrentFile } from '../../core/review/applyPlan';
import { decodeText, type DecodedText } from '../../core/tools/text';

export interface FileNow {
  readonly path: string;
  readonly uri: vscode.Uri;
  /** The bytes on disk; undefined when the file does not exist. */
  readonly bytes: Uint8Array | undefined;
  readonly decoded: DecodedText | undefined;
  /** The open document when it has unsaved changes. */
  readonly dirty: vscode.TextDocument | undefined;
  /** The open document's version when read (an edit in between makes the apply stop). */
  readonly version: number | undefined;
  readonly current: CurrentFile;
}

export function workspaceRoot(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

export function fileUri(root: vscode.Uri, path: string): vscode.Uri {
  return vscode.Uri.joinPath(root, ...path.split('/'));
}

export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

export async function readDisk(uri: vscode.Uri): Promise<{ bytes: Uint8Array | undefined; isDirectory: boolean }> {
  try {
    return { bytes: await vscode.workspace.fs.readFile(uri), isDirectory: false };
  } catch (err) {
    if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return { bytes: undefined, isDirectory: false };
    if (err instanceof vscode.FileSystemError && err.code === 'FileIsADirectory') return { bytes: undefined, isDirectory: true };
    throw err;
  }
}

export async function readFileNow(root: vscode.Uri, path: string): Promise<FileNow> {
  const uri = fileUri(root, path);
  const doc = openDocument(uri);
  const { bytes, isDirectory } = await readDisk(uri);
  const decoded = bytes === undefined ? undefined : decodeText(bytes);
  const dirty = doc?.isDirty ? doc : undefined;
  let current: CurrentFile;
  if (dirty) current = { text: dirty.getText(), source: 'editor', ...(decoded && !decoded.binary ? { encoding: decoded.encoding } : {}) };
  else if (isDirectory || decoded?.binary) current = { text: undefined, binary: true, source: 'disk' };
  else current = { text: decoded?.text, source: 'disk', ...(decoded ? { encoding: decoded.encoding } : {}) };
  return { path, uri, bytes, decoded, dirty, version: doc?.version, current };
}

/** VS Code's name of the encoding the agents read the file in. */
export function vscodeEncoding(decoded: DecodedText | undefined): string | undefined {
  if (!decoded || decoded.binary) return undefined;
  switch (decoded.encoding) {
    case 'utf8':
      return decoded.hadBom ? 'utf8bom' : 'utf8';
    case 'utf16le':
    case 'utf16be':
      return decoded.encoding;
    case 'latin1':
      return 'windows1252';
  }
}

/**
 * The document to edit: the open one when it has unsaved changes (its text is the user's), else
 * opened in the file's own encoding, so saving writes the same kind of bytes back.
 */
export async function documentToEdit(uri: vscode.Uri, decoded: DecodedText | undefined): Promise<vscode.TextDocument> {
  const open = openDocument(uri);
  const encoding = vscodeEncoding(decoded);
  if (open && (open.isDirty || encoding === undefined || open.encoding === encoding)) return open;
  return vscode.workspace.openTextDocument(uri, encoding ? { encoding } : undefined);
}

export function wholeDocument(doc: vscode.TextDocument): vscode.Range {
  return doc.validateRange(new vscode.Range(0, 0, doc.lineCount, 0));
}

export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
