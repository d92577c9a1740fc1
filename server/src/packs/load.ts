import micromatch from 'micromatch';
import { createDetector, DETECTOR_KINDS } from '../detectors';
import { Detector } from '../detectors/types';
import { CATEGORIES, CONFIDENCES, Category, Confidence, SEVERITIES, Severity } from '../engine/types';
import { RuleJson, RulePackJson } from './types';

/** A rule ready to run: its JSON plus a compiled detector and path filter. */
export interface CompiledRule {
  id: string;
  name: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  message: string;
  tip: string;
  cwe: string[];
  owasp: string[];
  /** Lower-cased prefilter keywords; empty means "always run". */
  keywords: string[];
  /** The matched value is a secret: always masked in messages. */
  secret: boolean;
  /** Leading characters of a secret that may be shown. */
  revealPrefix: number;
  appliesTo(path: string): boolean;
  detect: Detector;
  source: RuleJson;
}

export interface CompiledPack {
  id: string;
  version: string;
  description: string;
  publisher: string;
  rules: CompiledRule[];
}

/**
 * The prefilter: one pass over the lower-cased text finds which rule keywords occur, instead of
 * one `includes` per keyword per file. A found keyword also implies every keyword inside it.
 */
export function keywordScanner(rules: CompiledRule[]): (lowerText: string) => Set<string> {
  const keywords = [...new Set(rules.flatMap((r) => r.keywords))].sort((a, b) => b.length - a.length);
  if (keywords.length === 0) return () => new Set();
  const implied = new Map(keywords.map((k) => [k, keywords.filter((other) => k.includes(other))]));
  const alternatives = keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const any = new RegExp(`(?=(${alternatives}))`, 'g');
  return (lowerText) => {
    const found = new Set<string>();
    any.lastIndex = 0;
    for (let m = any.exec(lowerText); m !== null; m = any.exec(lowerText)) {
      if (!found.has(m[1])) for (const k of implied.get(m[1]) ?? []) found.add(k);
      any.lastIndex = m.index + 1;
    }
    return found;
  };
}

/** A problem in a pack: where (JSON path) and what to do about it. */
export interface PackProblem {
  pack: string;
  path: string;
  message: string;
}

export interface LoadedPack {
  pack: CompiledPack;
  problems: PackProblem[];
}

/**
 * Validates and compiles a pack. A broken rule is reported and left out; the other rules load,
 * so one mistake never silences a whole pack.
 */
export function compilePack(json: unknown, origin: string): LoadedPack {
  const problems: PackProblem[] = [];
  const problem = (path: string, message: string): void => {
    problems.push({ pack: origin, path, message });
  };
  const empty: CompiledPack = { id: origin, version: '0.0.0', description: '', publisher: '', rules: [] };
  if (!isObject(json)) {
    problem('', 'a rule pack must be a JSON object with "id", "version" and "rules"');
    return { pack: empty, problems };
  }
  const pack: CompiledPack = {
    id: stringField(json, 'id', '', problem) ?? origin,
    version: stringField(json, 'version', '', problem) ?? '0.0.0',
    description: typeof json.description === 'string' ? json.description : '',
    publisher: typeof json.publisher === 'string' ? json.publisher : '',
    rules: [],
  };
  if (!Array.isArray(json.rules)) {
    problem('rules', '"rules" must be an array of rules');
    return { pack, problems };
  }
  const seen = new Set<string>();
  json.rules.forEach((raw: unknown, i: number) => {
    const at = `rules[${i}]`;
    const before = problems.length;
    const rule = compileRule(raw, at, problem);
    if (!rule || problems.length > before) return;
    if (seen.has(rule.id)) {
      problem(`${at}.id`, `duplicate rule id "${rule.id}": rule ids must be unique within a pack`);
      return;
    }
    seen.add(rule.id);
    pack.rules.push(rule);
  });
  return { pack, problems };
}

function compileRule(raw: unknown, at: string, problem: (path: string, message: string) => void): CompiledRule | undefined {
  if (!isObject(raw)) {
    problem(at, 'a rule must be an object');
    return undefined;
  }
  const id = stringField(raw, 'id', at, problem);
  const name = stringField(raw, 'name', at, problem);
  const message = stringField(raw, 'message', at, problem);
  const tip = stringField(raw, 'tip', at, problem);
  const category = enumField(raw, 'category', CATEGORIES, at, problem);
  const severity = enumField(raw, 'severity', SEVERITIES, at, problem);
  const confidence = raw.confidence === undefined ? 'format' : enumField(raw, 'confidence', CONFIDENCES, at, problem);
  const detector = raw.detector;
  if (!isObject(detector) || !(DETECTOR_KINDS as readonly unknown[]).includes(detector.kind)) {
    problem(`${at}.detector.kind`, `"detector.kind" must be one of ${DETECTOR_KINDS.join(', ')}`);
    return undefined;
  }
  // Examples are the rule's tests; optional at run time (the shipped bundle leaves them out).
  if (raw.examples !== undefined && (!isObject(raw.examples) || !Array.isArray(raw.examples.match) || !Array.isArray(raw.examples.noMatch))) {
    problem(`${at}.examples`, '"examples" must have "match" and "noMatch" arrays (they are the rule\'s tests)');
  }
  if (id === undefined || name === undefined || message === undefined || tip === undefined || !category || !severity || !confidence) {
    return undefined;
  }
  const json = raw as unknown as RuleJson;
  let detect: Detector;
  try {
    detect = createDetector(json.detector, json.fix);
  } catch (err) {
    problem(`${at}.detector`, (err as Error).message);
    return undefined;
  }
  // A glob without a slash matches a file name anywhere, as in .gitignore (`*.test.ts`).
  const anywhere = (g: string): string => (g.includes('/') ? g : `**/${g}`);
  const include = (json.include ?? []).map(anywhere);
  const exclude = (json.exclude ?? []).map(anywhere);
  const keywords = json.detector.kind === 'pattern' ? json.detector.keywords.map((k) => k.toLowerCase()) : [];
  return {
    id,
    name,
    category,
    severity,
    confidence,
    message,
    tip,
    cwe: json.cwe ?? [],
    owasp: json.owasp ?? [],
    keywords,
    secret: category === 'secret',
    revealPrefix: json.detector.kind === 'pattern' ? json.detector.revealPrefix ?? 0 : 0,
    appliesTo: (path) => {
      const p = path.replace(/\\/g, '/');
      if (include.length > 0 && !micromatch.isMatch(p, include, { dot: true })) return false;
      return !(exclude.length > 0 && micromatch.isMatch(p, exclude, { dot: true }));
    },
    detect,
    source: json,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringField(obj: Record<string, unknown>, key: string, at: string, problem: (path: string, message: string) => void): string | undefined {
  const v = obj[key];
  if (typeof v === 'string' && v.length > 0) return v;
  problem(at ? `${at}.${key}` : key, `"${key}" must be a non-empty string`);
  return undefined;
}

function enumField<T extends string>(obj: Record<string, unknown>, key: string, allowed: readonly T[], at: string, problem: (path: string, message: string) => void): T | undefined {
  const v = obj[key];
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  problem(`${at}.${key}`, `"${key}" must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
  return undefined;
}
