import { compileRegex } from '../engine/regex';

// What a value is for, when the names at the call say nothing (`int r = (int) (n * Math.random())`
// in `randomNumber()`): the class it sits in (`OTPGenerator`, `EmailTokenGenerator`) or the file
// (`otpGenerator.js`) may. Used by the call and pattern detectors' `enclosing` option.

/** The words of a name: `generate5RandomValues` → generate, 5, random, values; `OTP_LENGTH` → otp, length. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)|(\d)([A-Za-z])/g, (_m, a, b, c, d) => (a ? `${a} ${b}` : `${c} ${d}`))
    .split(/[^A-Za-z\d]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Every word of every name matches `generic` (and there is at least one name): the names say how a value is made, not what it is for. */
export function allGeneric(names: string[], generic: RegExp): boolean {
  return names.length > 0 && names.every((n) => nameWords(n).every((w) => generic.test(w)));
}

/** The file's base name without its extensions: `src/utils/OTPGenerator.java` → `OTPGenerator`. */
export function fileStem(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\..*$/, '');
}

export function compileGeneric(pattern: string): RegExp {
  return compileRegex(`^(?:${pattern})$`, 'i');
}

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'synchronized', 'try', 'else', 'do', 'when', 'return', 'new', 'super', 'this', 'init', 'static', 'finally']);
const ANNOTATION = /@[\w$]+(?:\.[\w$]+)*(?:\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))?/g;

/**
 * Brace languages read as text (Java, Kotlin, Scala, Groovy, C#): the blocks that enclose `offset`,
 * nearest first, from the header before each open brace: a class-like declaration (`class`,
 * `interface`, `enum`, `record`, `object`, `trait`) or a function (`name(…) … {`). Strings, character
 * literals and comments are skipped; lambdas, anonymous classes and control blocks name nothing.
 */
export function braceScopes(text: string, offset: number): { functions: string[]; classes: string[] } {
  const open: number[] = [];
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? end : nl;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 1;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      let j = i + 1;
      while (j < end && text.charCodeAt(j) !== c && text.charCodeAt(j) !== 10) j += text.charCodeAt(j) === 92 ? 2 : 1;
      i = j;
    } else if (c === 123 /* { */) open.push(i);
    else if (c === 125 /* } */) open.pop();
  }
  const functions: string[] = [];
  const classes: string[] = [];
  for (let k = open.length - 1; k >= 0; k--) {
    const at = open[k];
    const from = Math.max(text.lastIndexOf(';', at - 1), text.lastIndexOf('{', at - 1), text.lastIndexOf('}', at - 1), at - 600);
    const header = text.slice(from + 1, at).replace(ANNOTATION, ' ');
    const cls = /\b(?:class|interface|enum|record|object|trait)\s+([A-Za-z_$][\w$]*)/.exec(header);
    if (cls) {
      classes.push(cls[1]);
      continue;
    }
    const fn = /(?:^|[^\w$.])([A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>\s*)?\(/.exec(header);
    if (fn && !KEYWORDS.has(fn[1]) && !header.includes('->') && !/\bnew\s+$/.test(header.slice(0, fn.index + fn[0].indexOf(fn[1])))) {
      functions.push(fn[1]);
    }
  }
  return { functions, classes };
}
