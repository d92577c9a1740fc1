// TypeScript's parser reads an expression that starts with `async` twice: once ahead, to learn
// whether it is an arrow function (`async x => …`), parsing the whole expression after `async`,
// then for real. `async function () { … }`, `async ( … )` and calls on the `async` library
// (`async.eachSeries(ids, function (id, next) { … })`) nested in one another double the work at
// each level: 20 levels take seconds, and the added lines of a diff (`it('…', async function () {`
// forty times, no closing braces; 23 nested `async.` calls in a 6 KB diff of NodeBB's upgrade
// script: 4.5 minutes) never finish. The parser cannot be interrupted, so its work is estimated
// from the text before it starts.

/**
 * Work allowed, in characters read: 64 times the text (hand-written code stays under 2.5 times:
 * the field repositories' 66,000 JS/TS files) plus a constant, a fraction of a second at most.
 */
export function parseBudget(length: number): number {
  return 64 * length + 250_000;
}

/** Thrown instead of parsing a text the parser would take too long on; syntax rules skip the file. */
export class ParseTooCostly extends Error {
  constructor() {
    super('`async` expressions nested too deeply for the parser (its time doubles with each level)');
    this.name = 'ParseTooCostly';
  }
}

/** Throws ParseTooCostly when parsing `text` would cost more than its budget. */
export function assertParsable(text: string): void {
  if (parseWork(text) > parseBudget(text.length)) throw new ParseTooCostly();
}

/** Fewer `async` expressions than this cannot make the parser read the text more than 2^6 = 64 times: not counted. */
const COUNTED_FROM = 7;

/**
 * About how many characters the parser will read: each character counts 2^(number of `async`
 * expressions around it). Brackets in strings, comments, templates and (most) regular expressions
 * are ignored; an unclosed bracket reaches the end of the text, as it does for the parser.
 */
export function parseWork(text: string): number {
  const starts = asyncExpressions(text);
  return starts.length < COUNTED_FROM ? text.length : estimate(text, starts);
}

const enum C {
  Tab = 9,
  Newline = 10,
  Space = 32,
  DoubleQuote = 34,
  Dollar = 36,
  Quote = 39,
  OpenParen = 40,
  CloseParen = 41,
  Star = 42,
  Dot = 46,
  Slash = 47,
  Semicolon = 59,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Backtick = 96,
  OpenBrace = 123,
  CloseBrace = 125,
}

function isIdentifierChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === C.Dollar || code > 127;
}

/** A candidate: where its `async` is, and the bracket that ends what the parser reads ahead (0: the first of any kind). */
interface Start {
  at: number;
  bracket: C.OpenParen | C.OpenBrace | 0;
}

/** After `async`, these end the expression the parser would read ahead before it starts. */
const ENDS_AT_ONCE = new Uint8Array(128);
for (const c of ',;)]}:') ENDS_AT_ONCE[c.charCodeAt(0)] = 1;

/**
 * `async` as a word (not `x.async`, not `isAsync`) followed on its line by what the parser reads
 * ahead: `async (` to its `)`, an `async function` expression to its body's `}` (a declaration,
 * after `;`, `{`, `}`, `export` or `default`, is not read ahead), and anything else up to the end
 * of the first bracket after it (`async.eachSeries(…)` of the `async` library, `async[…]`,
 * `async + f(…)`). Not `async x =>` (an arrow function) nor `async` ending an expression
 * (`async,`, `{ async: true }`). Candidates inside strings and comments are kept (they can only
 * raise the estimate), but most prose is not one (see readsAhead).
 */
function asyncExpressions(text: string): Start[] {
  const starts: Start[] = [];
  // Searched by `ync`: a search for a string starting with `a`, a common letter, costs twice as much.
  for (let y = text.indexOf('ync', 2); y !== -1; y = text.indexOf('ync', y + 3)) {
    const i = y - 2;
    if (text.charCodeAt(i) !== 97 /* a */ || text.charCodeAt(i + 1) !== 115 /* s */) continue;
    const before = i > 0 ? text.charCodeAt(i - 1) : C.Space;
    if (isIdentifierChar(before) || before === C.Dot || isIdentifierChar(text.charCodeAt(i + 5))) continue;
    let j = i + 5;
    while (text.charCodeAt(j) === C.Space || text.charCodeAt(j) === C.Tab) j++;
    if (text.charCodeAt(j) === C.OpenParen) starts.push({ at: i, bracket: C.OpenParen });
    else if (text.startsWith('function', j) && !isIdentifierChar(text.charCodeAt(j + 8))) {
      if (!declaration(text, i)) starts.push({ at: i, bracket: C.OpenBrace });
    } else if (readsAhead(text, j)) starts.push({ at: i, bracket: 0 });
  }
  return starts;
}

/**
 * Whether what follows `async` at `j` starts an expression the parser reads ahead. Prose in
 * comments (`async work`, `async/await`) is told apart from code where code could only be a syntax
 * error: a word after `async` counts only when a call, index, template or member follows it at
 * once (`async f(`), and `/` does not count; so a file's documentation does not make it pay for
 * the estimate.
 */
function readsAhead(text: string, j: number): boolean {
  if (j >= text.length) return false;
  const c = text.charCodeAt(j);
  const after = text.charCodeAt(j + 1);
  if (c === C.Newline || c === 13 || c === C.Slash || (c < 128 && ENDS_AT_ONCE[c] === 1)) return false;
  if (c === 61 /* = */) return after === 61; // `==`, not `=` nor `=>`
  if (c === 63 /* ? */) return after === C.Dot || after === 63; // `?.` and `??`, not `? :`
  if (isIdentifierChar(c)) {
    // Not `async x => …` (an arrow function) nor `async work (as …).`: the word must be followed
    // at once by a call, an index, a template or a member.
    let k = j;
    while (k < text.length && isIdentifierChar(text.charCodeAt(k))) k++;
    const next = text.charCodeAt(k);
    return next === C.OpenParen || next === C.OpenBracket || next === C.Backtick || (next === C.Dot && isIdentifierChar(text.charCodeAt(k + 1)));
  }
  return true;
}

function declaration(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && text.charCodeAt(k) <= C.Space) k--;
  if (k < 0) return true;
  const p = text.charCodeAt(k);
  if (p === C.OpenBrace) return k === 0 || text.charCodeAt(k - 1) !== C.Dollar; // a template's `${` holds an expression
  if (p === C.Semicolon || p === C.CloseBrace) return true;
  return /(?:^|[^\w$])(?:export|default)$/.test(text.slice(Math.max(0, k - 15), k + 1));
}

/** Characters where the scan must stop and look (everything else is read past). */
const STOP = new Uint8Array(128);
for (const c of '\'"`/()[]{}') STOP[c.charCodeAt(0)] = 1;

/** After one of these, `/` begins a regular expression rather than a division. */
const BEFORE_REGEX = new Uint8Array(128);
for (const c of '(,=:[!&|?{};+-*%<>~^') BEFORE_REGEX[c.charCodeAt(0)] = 1;

/**
 * One pass from the first candidate. `open` holds the brackets still open: 1 for one that ends a
 * candidate's read-ahead, 0 for any other, 2 for a template's `${`.
 */
function estimate(text: string, starts: Start[]): number {
  const n = text.length;
  const open: number[] = [];
  let work = starts[0].at;
  let depth = 0;
  let since = starts[0].at;
  let next = 0; // the next candidate not yet reached
  let pending = -1; // stack height at which the next bracket of kind `pendingBracket` (0: any) ends a read-ahead
  let pendingBracket = 0;
  let previous = C.OpenParen; // the last character of a token, for `/`
  const settle = (at: number): void => {
    work = depth >= 40 ? Infinity : work + (at - since) * 2 ** depth;
    since = at;
  };
  let i = starts[0].at;
  while (i < n) {
    if (next < starts.length && i >= starts[next].at) {
      pending = open.length;
      pendingBracket = starts[next].bracket;
      next++;
    }
    const code = text.charCodeAt(i);
    if (code >= 128 || STOP[code] === 0) {
      if (code > C.Space) previous = code;
      // Read past ordinary characters up to the next candidate at most.
      const limit = next < starts.length ? starts[next].at : n;
      i++;
      while (i < limit) {
        const c = text.charCodeAt(i);
        if (c < 128 && STOP[c] === 1) break;
        if (c > C.Space) previous = c;
        i++;
      }
      continue;
    }
    switch (code) {
      case C.Quote:
      case C.DoubleQuote:
        // Ends at its quote or, unterminated, at the end of its line (as the parser's scanner does).
        for (i++; i < n; i++) {
          const c = text.charCodeAt(i);
          if (c === C.Backslash) i++;
          else if (c === code || c === C.Newline) break;
        }
        previous = code;
        break;
      case C.Backtick:
        i = templateEnd(text, i + 1, open);
        previous = code;
        break;
      case C.Slash: {
        const after = text.charCodeAt(i + 1);
        if (after === C.Slash || after === C.Star) {
          // A comment is not a token: `previous` stays what it was.
          const end = text.indexOf(after === C.Slash ? '\n' : '*/', i + 2);
          i = end === -1 ? n : end + (after === C.Slash ? 0 : 1);
        } else if (previous < 128 && BEFORE_REGEX[previous] === 1) {
          let inClass = false;
          for (i++; i < n; i++) {
            const c = text.charCodeAt(i);
            if (c === C.Backslash) i++;
            else if (c === C.OpenBracket) inClass = true;
            else if (c === C.CloseBracket) inClass = false;
            else if ((c === C.Slash && !inClass) || c === C.Newline) break;
          }
          previous = C.Slash + 1; // a regular expression ends a token (a `/` after it divides)
        } else previous = code;
        break;
      }
      case C.OpenParen:
      case C.OpenBracket:
      case C.OpenBrace: {
        const ends = pending === open.length && (pendingBracket === code || pendingBracket === 0);
        if (ends) {
          pending = -1;
          settle(i);
          depth++;
        }
        open.push(ends ? 1 : 0);
        previous = code;
        break;
      }
      default: {
        // A closing bracket; `}` may end a template's `${ … }`, and the template goes on.
        const closed = open.pop();
        if (pending > open.length) pending = -1;
        if (closed === 1) {
          settle(i + 1);
          depth--;
        } else if (closed === 2 && code === C.CloseBrace) {
          i = templateEnd(text, i + 1, open);
        }
        previous = code;
      }
    }
    if (work === Infinity) return work;
    i++;
  }
  settle(n);
  return work;
}

/** From inside a template to its closing backtick, or to the `{` of its next `${` (pushed on `open`). */
function templateEnd(text: string, from: number, open: number[]): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === C.Backslash) i++;
    else if (c === C.Backtick) return i;
    else if (c === C.Dollar && text.charCodeAt(i + 1) === C.OpenBrace) {
      open.push(2);
      return i + 1;
    }
  }
  return text.length;
}
