/**
 * Literal runs every match of a regex must contain, so a file without one of them is skipped
 * before it is decoded and matched (ripgrep does the same with its "inner literals"). Only the
 * top level counts: groups, classes, escapes such as \w and quantified characters end a run, and
 * an alternation at the top level means no run is required. For the scan's ASCII patterns.
 */
export function requiredLiterals(pattern: string): string[] {
  const runs: string[] = [];
  let run = '';
  const end = () => {
    if (run !== '') runs.push(run);
    run = '';
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '|') return [];
    let literal: string | undefined;
    let next: number;
    if (c === '(' || c === '[') {
      const close = closing(pattern, i);
      if (close < 0) return [];
      next = close + 1;
    } else if (c === '\\') {
      const e = pattern[i + 1];
      if (e !== undefined && /[!-/:-@[-`{-~]/.test(e)) literal = e;
      next = i + 2;
    } else {
      if (!'.^$)?*+{}'.includes(c)) literal = c;
      next = i + 1;
    }
    const quantifier = quantifierEnd(pattern, next);
    if (literal === undefined) end();
    else if (quantifier === next) run += literal;
    else {
      // A quantified character ends the run; `x+` still requires one x, so it ends the run after it.
      if (pattern[next] === '+') run += literal;
      end();
    }
    i = quantifier;
  }
  end();
  return runs;
}

/** Where the quantifier starting at `at` ends (`at` when there is none): ?, *, +, {n}, {n,}, {n,m}, each maybe lazy. */
function quantifierEnd(pattern: string, at: number): number {
  let i = at;
  const c = pattern[i];
  if (c === '?' || c === '*' || c === '+') i++;
  else if (c === '{') {
    const m = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
    if (!m) return at;
    i += m[0].length;
  } else return at;
  return pattern[i] === '?' ? i + 1 : i;
}

/** Index of the `)` or `]` closing the group or class opened at `start`; -1 when unbalanced. */
function closing(pattern: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
        if (depth === 0) return i;
      }
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}
