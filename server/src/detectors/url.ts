import { compileRegex } from '../packs/regex';
import { DetectorSpec, FixSpec } from '../packs/types';
import { Detector, FileContext, Match } from './types';

type UrlSpec = Extract<DetectorSpec, { kind: 'url' }>;

/**
 * URLs with an insecure scheme. In JS/TS only string literals and constant template heads count
 * (comments, docs and identifiers named `http` are not traffic); in other files, any URL.
 */
export function urlDetector(spec: UrlSpec, fix: FixSpec | undefined): Detector {
  const schemes = spec.schemes.map((s) => s.toLowerCase());
  const schemeAlternatives = schemes.map(escapeRegex).join('|');
  const inLiteral = compileRegex(`^(${schemeAlternatives}):\\/\\/([^\\s]*)`, 'i');
  const inText = compileRegex(`\\b(${schemeAlternatives}):\\/\\/([^\\s"'<>\`()\\[\\]{}]*)`, 'gi');
  const allowHosts = (spec.allowHosts ?? []).map((p) => compileRegex(p, 'i'));
  const allowPrefixes = (spec.allowPrefixes ?? []).map((p) => p.toLowerCase());

  const allowed = (url: string, rest: string): boolean => {
    const lower = url.toLowerCase();
    if (allowPrefixes.some((p) => lower.startsWith(p))) return true;
    const host = hostOf(rest);
    // A template head like `http://${host}` has no constant host: the scheme alone decides.
    return host !== '' && allowHosts.some((re) => re.test(host));
  };

  const toMatch = (start: number, scheme: string, url: string): Match => {
    const match: Match = { start, end: start + url.length, value: url };
    const secure = fix?.kind === 'replaceScheme' ? fix.schemes[scheme.toLowerCase()] : undefined;
    if (secure) {
      match.fix = {
        title: `Use ${secure}:// instead of ${scheme.toLowerCase()}://`,
        edits: [{ start, end: start + scheme.length, newText: secure }],
      };
    }
    return match;
  };

  return (file) => (file.isJs ? fromLiterals(file) : fromText(file));

  function fromLiterals(file: FileContext): Match[] {
    const matches: Match[] = [];
    for (const str of file.js().strings) {
      const m = inLiteral.exec(str.value.trimStart());
      if (!m) continue;
      const leading = str.value.length - str.value.trimStart().length;
      const url = m[0];
      if (allowed(url, m[2])) continue;
      // Offsets are only exact when the literal has no escapes before the URL ends.
      const start = str.valueStart + leading;
      if (file.text.slice(start, start + url.length) !== url) continue;
      matches.push(toMatch(start, m[1], url));
    }
    return matches;
  }

  function fromText(file: FileContext): Match[] {
    const matches: Match[] = [];
    inText.lastIndex = 0;
    for (let m = inText.exec(file.text); m !== null; m = inText.exec(file.text)) {
      if (!allowed(m[0], m[2])) matches.push(toMatch(m.index, m[1], m[0]));
    }
    return matches;
  }
}

/** Host of the part after `scheme://`, without credentials, port or path; brackets kept off IPv6. */
function hostOf(rest: string): string {
  const authority = rest.split(/[/?#]/, 1)[0];
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']') > 0 ? hostPort.indexOf(']') : undefined);
  return hostPort.replace(/:\d*$/, '');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
