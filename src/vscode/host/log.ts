/**
 * The "Squad" log channel, with every line redacted on its way in: the keys Squad has read are
 * blanked exactly, and anything shaped like a key or bearer token is blanked too. The review and
 * sidebar parts log through the same channel (Services.log), so they get the same protection.
 */
import type * as vscode from 'vscode';
import type { HostLog } from './ports';

export function redactingLog(channel: vscode.LogOutputChannel, redact: (text: string) => string): vscode.LogOutputChannel {
  const text = (value: unknown): string => {
    if (typeof value === 'string') return redact(value);
    if (value instanceof Error) return redact(value.stack ?? `${value.name}: ${value.message}`);
    try {
      return redact(JSON.stringify(value) ?? String(value));
    } catch {
      return redact(String(value));
    }
  };
  const args = (rest: unknown[]): string[] => rest.map(text);
  return {
    get name() {
      return channel.name;
    },
    get logLevel() {
      return channel.logLevel;
    },
    onDidChangeLogLevel: channel.onDidChangeLogLevel,
    trace: (message: string, ...rest: unknown[]) => channel.trace(text(message), ...args(rest)),
    debug: (message: string, ...rest: unknown[]) => channel.debug(text(message), ...args(rest)),
    info: (message: string, ...rest: unknown[]) => channel.info(text(message), ...args(rest)),
    warn: (message: string, ...rest: unknown[]) => channel.warn(text(message), ...args(rest)),
    error: (error: string | Error, ...rest: unknown[]) => channel.error(text(error), ...args(rest)),
    append: (value: string) => channel.append(text(value)),
    appendLine: (value: string) => channel.appendLine(text(value)),
    replace: (value: string) => channel.replace(text(value)),
    clear: () => channel.clear(),
    show: (...showArgs: unknown[]) => (channel.show as (...a: unknown[]) => void).apply(channel, showArgs),
    hide: () => channel.hide(),
    dispose: () => channel.dispose(),
  };
}

export function hostLog(log: vscode.LogOutputChannel): HostLog {
  return { info: (line) => log.info(line), warn: (line) => log.warn(line), error: (line) => log.error(line) };
}
