/**
 * Deterministic generator of realistic-looking source files in several languages, kept as
 * (level, text) lines so a benchmark can render the same code with the file's indentation or
 * with a model's drifted one.
 */

export type Random = () => number;

/** mulberry32: small, fast, deterministic. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const int = (r: Random, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

export interface Line {
  readonly level: number;
  readonly text: string;
}

const WORDS = [
  'user', 'order', 'item', 'price', 'total', 'cache', 'store', 'request', 'response', 'config', 'logger', 'session',
  'account', 'invoice', 'product', 'cart', 'payment', 'token', 'query', 'result', 'limit', 'offset', 'index', 'count',
  'name', 'email', 'status', 'value', 'record', 'entry', 'batch', 'queue', 'event', 'handler', 'client', 'server',
  'path', 'buffer', 'report', 'metric', 'schedule', 'window', 'budget', 'region', 'tenant', 'shipment', 'discount', 'review',
];

const cap = (w: string): string => w[0]!.toUpperCase() + w.slice(1);

export interface Lang {
  readonly name: string;
  readonly ext: string;
  readonly indent: string;
  /** How a model that indents with spaces writes one level for this language. */
  readonly modelIndent: string;
  ident(r: Random): string;
  header(r: Random): Line[];
  footer(): Line[];
  /** Level at which functions start. */
  readonly fnLevel: number;
  fnOpen(r: Random, name: string): string;
  readonly close: string | undefined;
  assign(r: Random): string;
  call(r: Random): string;
  ifOpen(r: Random): string;
  forOpen(r: Random): string;
  ret(r: Random): string;
  comment(r: Random): string;
  readonly blankBetween: number;
}

const camel = (r: Random): string => pick(r, WORDS) + (r() < 0.6 ? cap(pick(r, WORDS)) : '');
const snake = (r: Random): string => pick(r, WORDS) + (r() < 0.6 ? `_${pick(r, WORDS)}` : '');
const str = (r: Random): string => `"${pick(r, WORDS)}-${pick(r, WORDS)}"`;
const num = (r: Random): string => String(int(r, 0, 500));
const arg = (r: Random, id: (r: Random) => string): string => pick(r, [id(r), num(r), str(r), `${id(r)}.${id(r)}`]);
const args = (r: Random, id: (r: Random) => string): string => Array.from({ length: int(r, 0, 3) }, () => arg(r, id)).join(', ');

const ts: Lang = {
  name: 'typescript', ext: 'ts', indent: '  ', modelIndent: '  ', ident: camel, fnLevel: 0, close: '}', blankBetween: 1,
  header: (r) => [{ level: 0, text: `import { ${cap(camel(r))} } from "./${pick(r, WORDS)}";` }, { level: 0, text: `import { ${camel(r)} } from "../lib/${pick(r, WORDS)}";` }, { level: 0, text: '' }],
  footer: () => [],
  fnOpen: (r, name) => `export async function ${name}(${camel(r)}: ${cap(pick(r, WORDS))}, ${camel(r)} = ${num(r)}): Promise<${cap(pick(r, WORDS))}> {`,
  assign: (r) => `${pick(r, ['const', 'let'])} ${camel(r)} = ${pick(r, ['await ', ''])}${camel(r)}.${camel(r)}(${args(r, camel)});`,
  call: (r) => `${camel(r)}.${camel(r)}(${args(r, camel)});`,
  ifOpen: (r) => `if (${camel(r)} ${pick(r, ['===', '>', '<', '!=='])} ${arg(r, camel)}) {`,
  forOpen: (r) => `for (const ${camel(r)} of ${camel(r)}.${camel(r)}) {`,
  ret: (r) => `return ${arg(r, camel)};`,
  comment: (r) => `// ${pick(r, WORDS)} ${pick(r, WORDS)} before ${pick(r, WORDS)}`,
};

const py: Lang = {
  name: 'python', ext: 'py', indent: '    ', modelIndent: '    ', ident: snake, fnLevel: 0, close: undefined, blankBetween: 2,
  header: (r) => [{ level: 0, text: `from ${pick(r, WORDS)} import ${cap(pick(r, WORDS))}` }, { level: 0, text: 'import logging' }, { level: 0, text: '' }, { level: 0, text: '' }],
  footer: () => [],
  fnOpen: (r, name) => `def ${name}(${snake(r)}, ${snake(r)}=${num(r)}):`,
  assign: (r) => `${snake(r)} = ${snake(r)}.${snake(r)}(${args(r, snake)})`,
  call: (r) => `${snake(r)}.${snake(r)}(${args(r, snake)})`,
  ifOpen: (r) => `if ${snake(r)} ${pick(r, ['==', '>', '<', '!='])} ${arg(r, snake)}:`,
  forOpen: (r) => `for ${snake(r)} in ${snake(r)}.${snake(r)}:`,
  ret: (r) => `return ${arg(r, snake)}`,
  comment: (r) => `# ${pick(r, WORDS)} ${pick(r, WORDS)} before ${pick(r, WORDS)}`,
};

const go: Lang = {
  name: 'go', ext: 'go', indent: '\t', modelIndent: '    ', ident: camel, fnLevel: 0, close: '}', blankBetween: 1,
  header: (r) => [{ level: 0, text: `package ${pick(r, WORDS)}` }, { level: 0, text: '' }, { level: 0, text: 'import "fmt"' }, { level: 0, text: '' }],
  footer: () => [],
  fnOpen: (r, name) => `func ${cap(name)}(${camel(r)} *${cap(pick(r, WORDS))}, ${camel(r)} int) (${cap(pick(r, WORDS))}, error) {`,
  assign: (r) => `${camel(r)} := ${camel(r)}.${cap(camel(r))}(${args(r, camel)})`,
  call: (r) => pick(r, [`${camel(r)}.${cap(camel(r))}(${args(r, camel)})`, `fmt.Println(${str(r)}, ${camel(r)})`]),
  ifOpen: (r) => `if ${camel(r)} ${pick(r, ['==', '>', '<', '!='])} ${arg(r, camel)} {`,
  forOpen: (r) => `for _, ${camel(r)} := range ${camel(r)}.${cap(camel(r))} {`,
  ret: (r) => `return ${arg(r, camel)}, nil`,
  comment: (r) => `// ${pick(r, WORDS)} ${pick(r, WORDS)} before ${pick(r, WORDS)}`,
};

const java: Lang = {
  name: 'java', ext: 'java', indent: '    ', modelIndent: '    ', ident: camel, fnLevel: 1, close: '}', blankBetween: 1,
  header: (r) => [{ level: 0, text: `package com.example.${pick(r, WORDS)};` }, { level: 0, text: '' }, { level: 0, text: 'import java.util.List;' }, { level: 0, text: '' }, { level: 0, text: `public class ${cap(camel(r))}Service {` }],
  footer: () => [{ level: 0, text: '}' }],
  fnOpen: (r, name) => `public ${cap(pick(r, WORDS))} ${name}(${cap(pick(r, WORDS))} ${camel(r)}, int ${camel(r)}) {`,
  assign: (r) => `${cap(pick(r, WORDS))} ${camel(r)} = ${camel(r)}.${camel(r)}(${args(r, camel)});`,
  call: (r) => `${camel(r)}.${camel(r)}(${args(r, camel)});`,
  ifOpen: (r) => `if (${camel(r)} ${pick(r, ['==', '>', '<', '!='])} ${arg(r, camel)}) {`,
  forOpen: (r) => `for (${cap(pick(r, WORDS))} ${camel(r)} : ${camel(r)}.${camel(r)}()) {`,
  ret: (r) => `return ${arg(r, camel)};`,
  comment: (r) => `// ${pick(r, WORDS)} ${pick(r, WORDS)} before ${pick(r, WORDS)}`,
};

const rust: Lang = {
  name: 'rust', ext: 'rs', indent: '    ', modelIndent: '    ', ident: snake, fnLevel: 0, close: '}', blankBetween: 1,
  header: (r) => [{ level: 0, text: `use crate::${pick(r, WORDS)}::${cap(pick(r, WORDS))};` }, { level: 0, text: '' }],
  footer: () => [],
  fnOpen: (r, name) => `pub fn ${name}(${snake(r)}: &${cap(pick(r, WORDS))}, ${snake(r)}: usize) -> Result<${cap(pick(r, WORDS))}, Error> {`,
  assign: (r) => `let ${snake(r)} = ${snake(r)}.${snake(r)}(${args(r, snake)});`,
  call: (r) => `${snake(r)}.${snake(r)}(${args(r, snake)});`,
  ifOpen: (r) => `if ${snake(r)} ${pick(r, ['==', '>', '<', '!='])} ${arg(r, snake)} {`,
  forOpen: (r) => `for ${snake(r)} in ${snake(r)}.iter() {`,
  ret: (r) => `return Ok(${arg(r, snake)});`,
  comment: (r) => `// ${pick(r, WORDS)} ${pick(r, WORDS)} before ${pick(r, WORDS)}`,
};

export const LANGS: readonly Lang[] = [ts, py, go, java, rust];

/** A simple statement: what an edit may insert or turn a line into. */
export function simpleStatement(r: Random, lang: Lang): string {
  const x = r();
  return x < 0.45 ? lang.assign(r) : x < 0.85 ? lang.call(r) : lang.comment(r);
}

function body(r: Random, lang: Lang, level: number, depth: number, out: Line[]): void {
  const n = int(r, 2, 6);
  for (let i = 0; i < n; i++) {
    const x = r();
    if (depth < 2 && x < 0.25) {
      out.push({ level, text: r() < 0.5 ? lang.ifOpen(r) : lang.forOpen(r) });
      body(r, lang, level + 1, depth + 1, out);
      if (lang.close) out.push({ level, text: lang.close });
    } else {
      out.push({ level, text: simpleStatement(r, lang) });
    }
  }
}

/** A source file of about `minLines` lines. */
export function generateFile(r: Random, lang: Lang, minLines: number): Line[] {
  const out = lang.header(r);
  const names = new Set<string>();
  while (out.length < minLines) {
    let name = lang.ident(r);
    while (names.has(name)) name = lang.ident(r) + String(names.size);
    names.add(name);
    out.push({ level: lang.fnLevel, text: lang.fnOpen(r, name) });
    body(r, lang, lang.fnLevel + 1, 0, out);
    out.push({ level: lang.fnLevel + 1, text: lang.ret(r) });
    if (lang.close) out.push({ level: lang.fnLevel, text: lang.close });
    for (let b = 0; b < lang.blankBetween; b++) out.push({ level: 0, text: '' });
  }
  return [...out, ...lang.footer()];
}

export function render(lines: readonly Line[], indent: string, base = 0): string[] {
  return lines.map((l) => (l.text === '' ? '' : indent.repeat(Math.max(0, l.level - base)) + l.text));
}
