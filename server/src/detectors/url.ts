import { compileRegex, escapeRegex } from '../engine/regex';
import { DetectorSpec, FixSpec } from './spec';
import { Value } from '../syntax/jsFacts';
import { calleeMatcher, calleeNames } from './call';
import { hasCBlockComments, hasDocstrings, isXmlLikePath, urlContextOf } from '../engine/language';
import { Detector, FileContext, Match } from '../engine/detector';
import { hostOf } from './hosts';

type UrlSpec = Extract<DetectorSpec, { kind: 'url' }>;

/**
 * URLs with an insecure scheme. In JS/TS only URLs that reach the network count: arguments of
 * network calls (`fetch`, axios, `http.get`, `new WebSocket`, …) and URL-bearing settings (`url`,
 * `baseURL`, `endpoint`), through constants, templates and concatenation; comments, docs,
 * identifiers named `http` and strings never sent anywhere are not findings. Other files: any URL
 * outside comment lines.
 */
export function urlDetector(spec: UrlSpec, fix: FixSpec | undefined): Detector {
  const schemes = spec.schemes.map((s) => s.toLowerCase());
  const schemeAlternatives = schemes.map(escapeRegex).join('|');
  const inValue = compileRegex(`^\\s*(${schemeAlternatives}):\\/\\/([^\\s]*)`, 'i');
  const inText = compileRegex(`\\b(${schemeAlternatives}):\\/\\/([^\\s"'<>\`()\\[\\]{}]*)`, 'gi');
  const allowHosts = (spec.allowHosts ?? []).map((p) => compileRegex(p, 'i'));
  const allowPrefixes = (spec.allowPrefixes ?? []).map((p) => p.toLowerCase());
  const sinks = (spec.sinks ?? []).map((s) => ({ matches: calleeMatcher(s.callee), index: s.index }));
  const sinkNames = calleeNames((spec.sinks ?? []).flatMap((s) => s.callee));
  const keyPattern = spec.keys === undefined ? undefined : compileRegex(spec.keys, '');
  const keys = keyPattern && { test: (name: string) => keyPattern.test(name) };
  const valueKeys = spec.valueKeys === undefined ? undefined : compileRegex(spec.valueKeys, 'i');

  const allowed = (url: string, rest: string): boolean => {
    const lower = url.toLowerCase();
    if (allowPrefixes.some((p) => lower.startsWith(p))) return true;
    const host = hostOf(rest);
    // `http://${host}` has no constant host: the constant scheme alone decides. `'http://localhost' + path`
    // is judged by the host written, even though more text follows at run time.
    if (host === '') return false;
    // `http://schemas\.microsoft\.com/…`: an escaped host is a regular expression that matches a URL, not a connection.
    if (host.includes('\\')) return true;
    // `http://*|https://*)` in a shell `case`, `http://*.example.com` in a glob: a pattern for URLs.
    if (host.startsWith('*')) return true;
    return allowHosts.some((re) => re.test(host));
  };

  const toMatch = (start: number, scheme: string, url: string, file: FileContext): Match => {
    const match: Match = { start, end: start + url.length, value: url };
    const secure = fix?.kind === 'replaceScheme' ? fix.schemes[scheme.toLowerCase()] : undefined;
    // The fix rewrites only characters that really are the scheme in the file.
    if (secure && file.text.slice(start, start + scheme.length).toLowerCase() === scheme.toLowerCase()) {
      match.fix = { title: `Use ${secure}:// instead of ${scheme.toLowerCase()}://`, edits: [{ start, end: start + scheme.length, newText: secure }] };
    }
    return match;
  };

  // `http://${process.env.AWS_LAMBDA_RUNTIME_API}`: a prefix can also name what the host is read from.
  const allowedAsWritten = (text: string, start: number): boolean => {
    const written = text.slice(start, start + 200).toLowerCase();
    return allowPrefixes.some((p) => written.startsWith(p));
  };

  /**
   * `https://$domain` when TLS is set up, else `http://$domain`: the plain URL is the branch the
   * user chooses by configuring no TLS, so it is reported at info, pointing at its TLS twin.
   */
  const fallback = (match: Match, scheme: string, text: string): Match => {
    const secure = fix?.kind === 'replaceScheme' ? fix.schemes[scheme.toLowerCase()] : undefined;
    if (!secure || match.end - match.start <= scheme.length + 3) return match;
    const twin = secure + text.slice(match.start + scheme.length, match.end);
    const from = lineStartBefore(text, match.start, TWIN_LINES);
    const to = lineEndAfter(text, match.end, TWIN_LINES);
    const at = text.slice(from, to).indexOf(twin);
    if (at === -1) return match;
    const line = text.slice(0, from + at).split('\n').length;
    return { ...match, severity: 'info', note: `the ${secure}:// form is used when TLS is set up (line ${line}): this is the plain fallback` };
  };

  return (file) => (file.isJs ? fromCode(file) : fromText(file));

  function fromCode(file: FileContext): Match[] {
    const facts = file.js();
    const seen = new Set<number>();
    const matches: Match[] = [];
    const consider = (value: Value): void => {
      if (value.kind !== 'string') return;
      const m = inValue.exec(value.value);
      if (!m || allowed(m[0].trim(), m[2])) return;
      // `'http://'` alone or `'http://' + url`: a bare scheme (a check, or a default put in front of a
      // whole address given at run time), not an endpoint.
      if (m[2] === '' && !value.tail) return;
      const start = urlStart(value, m[0].trimStart(), file.text);
      if (start === undefined || seen.has(start) || allowedAsWritten(file.text, start)) return;
      seen.add(start);
      const url = m[0].trim();
      // Only part of the address is known: say so instead of printing a half-built URL.
      const shown = value.partial ? `${url}…` : url;
      if (file.text.slice(start, start + url.length) === url) {
        matches.push(fallback({ ...toMatch(start, m[1], url, file), value: shown }, m[1], file.text));
      } else {
        // A constant from another file (or an escaped literal): point at the use, no in-place fix.
        matches.push({ start: value.start, end: value.end, value: shown });
      }
    };
    for (const call of facts.callsNamed(sinkNames)) {
      for (const sink of sinks) if (sink.matches(call)) consider(call.arg(sink.index));
    }
    if (keys) for (const binding of facts.bindingsNamed(keys.test)) consider(binding.value());
    return matches;
  }

  function fromText(file: FileContext): Match[] {
    const matches: Match[] = [];
    inText.lastIndex = 0;
    for (let m = inText.exec(file.text); m !== null; m = inText.exec(file.text)) {
      if (m[2] === '' || !requestable(file.text, m.index, urlContextOf(file.path), file.path)) continue;
      // `website: http://…`, `homepage`: a key that names a link for people, not an address in use.
      const key = valueKeys && urlContextOf(file.path) === 'value' ? keyBefore(file.text, m.index) : undefined;
      if (key !== undefined && !valueKeys!.test(key)) continue;
      // A JSON value is a whole string: a URL inside one (after other text) is prose, not an address.
      if (JSON_FILE.test(file.path) && file.text[m.index - 1] !== '"') continue;
      if (!allowed(m[0], m[2]) && !allowedAsWritten(file.text, m.index)) matches.push(fallback(toMatch(m.index, m[1], m[0], file), m[1], file.text));
    }
    return matches;
  }
}

/** Where the URL starts in the file: in the literal, the constant it came from, or the template/concatenation head. */
function urlStart(value: Extract<Value, { kind: 'string' }>, url: string, text: string): number | undefined {
  const spans = [value.literal ? value.start : undefined, value.origin?.start, value.start].filter((s): s is number => s !== undefined);
  for (const s of spans) {
    const at = text.indexOf(url.slice(0, Math.min(url.length, 12)), s);
    if (at >= 0 && at <= s + 1) return at;
  }
  // Found through a cross-file constant: report at the use site.
  return value.start < value.end ? value.start : undefined;
}

/**
 * Outside JS/TS, a URL counts only where a program could use it as an address: a value of its own
 * (`url: http://…`, `KEY=http://…`, `"http://…"`, `<url>http://…</url>`), not in a comment (whole
 * line or trailing), an XML namespace or schema location, a DOCTYPE, a link for people (`<a href>`,
 * Markdown) or a sentence.
 */
function requestable(text: string, index: number, kind: 'value' | 'markup' | 'style' | 'none', path: string): boolean {
  if (kind === 'none') return false;
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const before = text.slice(lineStart, index);
  if (/^\s*(?:#|\/\/|\/\*|;|<!--|\*|--|rem\s)/i.test(before)) return false;
  if (/(?:^|\s)(?:#|\/\/|--)\s|<!--(?!.*-->)/.test(before)) return false;
  if (insideBlockComment(text, index, kind === 'markup' || isXmlLikePath(path), path)) return false;
  // Markup loads from `src`, `href` (of a stylesheet or icon, not a link for people), `action`, `data`, `poster`.
  // An anchor (`<a href>`, Pug's `a.btn(href=…)`) is a link for people, not something the page loads.
  if (kind === 'markup') return /(?:\bsrc|\baction|\bdata|\bposter|\bhref)\s*=\s*["']?$/i.test(before) && !/<a\s[^>]*$/i.test(before) && !/(?:^|[\s|])a(?:[.#][\w-]+)*\([^)]*$/.test(before);
  if (kind === 'style') return /(?:url\(\s*["']?|@import\s+(?:url\(\s*)?["']?)$/i.test(before);
  if (/(?:xmlns(?::[\w.-]+)?|schemaLocation|noNamespaceSchemaLocation)\s*=\s*["'][^"']*$|<!DOCTYPE/i.test(before)) return false;
  if (/<a\s[^>]*href\s*=\s*["']?$|\]\($/i.test(before)) return false;
  const lead = before.replace(/["'`\s]+$/, '');
  return lead === '' || /[=:\-[,({>]$/.test(lead);
}

/** The comment spans of the last text asked about: the URLs of one file are checked in a row. */
let blockComments: { text: string; key: string; spans: Array<[number, number]> } | undefined;

/**
 * Inside a comment that spans lines: `<!-- … -->` (XML and HTML prose about where to read more), and
 * in C-family files `/* … *\/`. In markup and XML a `<!--` opens anywhere; otherwise a comment counts
 * only when it opens a line, so a `'<!--'` in a Python string or `"/*"` in a glob does not hide what follows.
 */
function insideBlockComment(text: string, index: number, anywhere: boolean, path = ''): boolean {
  const cFamily = hasCBlockComments(path);
  const key = `${anywhere}:${cFamily}:${hasDocstrings(path)}`;
  if (blockComments?.text !== text || blockComments.key !== key) {
    const spans = commentSpans(text, '<!--', '-->', anywhere);
    if (cFamily) spans.push(...commentSpans(text, '/*', '*/', false));
    // A Python docstring: a triple-quoted string that starts its line, assigned to nothing.
    if (hasDocstrings(path)) spans.push(...commentSpans(text, '"""', '"""', false), ...commentSpans(text, "'''", "'''", false));
    blockComments = { text, key, spans };
  }
  return blockComments.spans.some(([from, to]) => index > from && index < to);
}

function commentSpans(text: string, opener: string, closer: string, anywhere: boolean): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let open = text.indexOf(opener); open >= 0; open = text.indexOf(opener, open + opener.length)) {
    if (!anywhere && !/^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', open - 1) + 1, open))) continue;
    const close = text.indexOf(closer, open + opener.length);
    spans.push([open, close < 0 ? text.length : close]);
    if (close < 0) break;
    open = close;
  }
  return spans;
}

/** How many lines around a plain URL its TLS twin may be (an if/else that picks one). */
const TWIN_LINES = 6;

function lineStartBefore(text: string, index: number, lines: number): number {
  let at = index;
  for (let i = 0; i <= lines && at > 0; i++) at = text.lastIndexOf('\n', at - 1);
  return Math.max(0, at);
}

function lineEndAfter(text: string, index: number, lines: number): number {
  let at = index;
  for (let i = 0; i <= lines && at !== -1; i++) at = text.indexOf('\n', at + 1);
  return at === -1 ? text.length : at;
}

/** The key a URL is the value of on its line (`logo: 'http://…'`, `API_URL=http://…`, `"url": "http://…"`), if any. */
function keyBefore(text: string, index: number): string | undefined {
  const before = text.slice(text.lastIndexOf('\n', index - 1) + 1, index);
  return /([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["']?$/.exec(before)?.[1];
}

const JSON_FILE = /\.(?:json|jsonc|json5|ipynb)$/i;
