/** The ripgrep VS Code ships (as other extensions find it, under `vscode.env.appRoot`), looked up once. */
import * as vscode from 'vscode';
import { findBundledRipgrep } from '../node/findRipgrep';

export function vscodeRipgrep(): () => Promise<string | undefined> {
  let found: Promise<string | undefined> | undefined;
  return () => (found ??= findBundledRipgrep(vscode.env.appRoot).catch(() => undefined));
}
