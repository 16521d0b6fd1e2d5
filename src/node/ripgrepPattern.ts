/**
 * A model's JavaScript regex as a ripgrep (Rust regex) pattern that matches at least every line
 * the JavaScript one matches, or undefined when the two syntaxes may disagree; the search then
 * reads the files itself. Only plain ASCII patterns pass: classes, groups, alternation,
 * quantifiers and the escapes \d \w \s (Unicode in Rust: a superset) and \b \B (made ASCII, as in
 * JavaScript). Lookaround, back-references, named groups, \n and other escapes are left to
 * JavaScript. ripgrep then only picks the files worth reading; the search tool confirms each line.
 */
export function ripgrepPattern(pattern: string): string | undefined {
  if (!/^[\x20-\x7e]*$/.test(pattern)) return undefined;
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const e = pattern[i + 1];
      i++;
      if (e === undefined) return undefined;
      if ('dDwWsStfv'.includes(e)) out += `\\${e}`;
      else if (e === 'b' || e === 'B') {
        // Inside a class \b is a backspace in JavaScript.
        if (inClass) return undefined;
        out += `(?-u:\\${e})`;
      } else if (/[!-/:-@[-`{-~]/.test(e)) out += hex(e);
      else return undefined;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      // `[`, `&&`, `--` and `~~` are nested classes and set operations in Rust, literals in JavaScript.
      if (c === '[' || c === '&' || c === '~' || (c === '-' && pattern[i + 1] === '-')) return undefined;
      out += c;
      continue;
    }
    if (c === '[') {
      const negated = pattern[i + 1] === '^';
      // `[]` matches nothing and `[^]` anything in JavaScript; Rust reads `]` there as a literal.
      if (pattern[i + (negated ? 2 : 1)] === ']') return undefined;
      inClass = true;
      out += negated ? '[^' : '[';
      if (negated) i++;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      if (pattern[i + 2] !== ':') return undefined;
    }
    out += c;
  }
  return inClass ? undefined : out;
}

function hex(char: string): string {
  return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
}
