/**
 * What a piece of code is about, as a set of distinctive words: identifiers, the words inside
 * string literals and comments, and literal values. Two texts that share several of them speak
 * of the same thing — a failing test and the change it exercises.
 */

const COMMON = new Set(
  (
    'const let var function return async await this that with from import export require module exports default class extends new ' +
    'true false null undefined typeof instanceof void delete throw catch try finally else case break continue switch while for ' +
    'test describe expect assert equal deepEqual strictEqual toBe toEqual should before after each when then value values result ' +
    'string number object array length push slice split join map filter reduce keys entries self def none pass raise lambda ' +
    'func package string error errors nil make range type struct interface'
  ).split(' '),
);

export function topicTokens(text: string): Set<string> {
  const out = new Set<string>();
  const add = (word: string) => {
    const w = word.toLowerCase();
    if (w.length >= 4 && !COMMON.has(w) && !/^\d+$/.test(w)) out.add(w);
  };
  for (const m of text.matchAll(/[A-Za-z_$][\w$]*/g)) {
    add(m[0]);
    // camelCase and snake_case parts: `inlineComment` speaks of "comment" too.
    for (const part of m[0].split(/(?<=[a-z])(?=[A-Z])|_/)) add(part);
  }
  for (const m of text.matchAll(/#[0-9a-fA-F]{3,8}\b|\b\d{3,}\b/g)) out.add(m[0].toLowerCase());
  return out;
}

/** How many distinctive words two texts share. */
export function sharedTopic(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}
