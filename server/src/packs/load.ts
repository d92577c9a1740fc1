import { globMatcher, globProblem } from '../engine/globs';
import { createDetector, DETECTOR_KINDS } from '../detectors';
import type { Detector } from '../engine/detector';
import type { CompiledAllow, CompiledPolicy, EnginePack, EngineRule } from '../engine/model';
import { CATEGORIES, CONFIDENCES, SEVERITIES, Severity } from '../engine/types';
import { regexSources, unsafeRegexReason } from './safeRegex';
import { compileRegex, linearEngineAvailable, withLinearRegexes } from '../engine/regex';
import { schemaProblems } from './validate';
import { CONTEXT_KINDS, ContextKind, NON_PRODUCTION_MODES, NonProductionMode, ProviderJson, RuleJson, RuleOverride, TopicTip } from './types';

/** A rule ready to run (the engine's model) plus what the editor and the CLI show of it, and its JSON. */
export interface CompiledRule extends EngineRule {
  name: string;
  tip: string;
  cwe: string[];
  owasp: string[];
  source: RuleJson;
  /** Its regexes run on the linear-time engine (a pack that is not built in). */
  linearRegexes?: boolean;
}

export type { CompiledAllow, CompiledPolicy };

/** Where a pack in force came from, for "which pack is active and who publishes it". */
export interface PackSourceInfo {
  id: string;
  version: string;
  publisher: string;
  description: string;
  origin: string;
}

export interface CompiledPack extends EnginePack {
  id: string;
  version: string;
  description: string;
  publisher: string;
  rules: CompiledRule[];
  allow: CompiledAllow;
  /** Globs of each kind of file (normalised: a glob without a slash matches anywhere). */
  contexts: Record<ContextKind, string[]>;
  policy: CompiledPolicy;
  tips: Record<string, TopicTip>;
  houseRules: string[];
  /** Top pack first once composed: the first whose rule globs match names a finding's provider. */
  providers: ProviderJson[];
  /** As written; resolved by the loader. */
  extends: string[];
  /** As written; applied when packs are composed. */
  overrides: RuleOverride[];
  /** The packs composed into this one, built-in first. */
  sources: PackSourceInfo[];
}

export function emptyPack(id: string): CompiledPack {
  return {
    id,
    version: '0.0.0',
    description: '',
    publisher: '',
    rules: [],
    allow: { paths: [], values: new Set(), patterns: [] },
    contexts: { translation: [], nonProduction: [], prose: [], browser: [] },
    policy: { unsuppressible: new Set(), requireReason: false, requireExpiry: false, requireReviewer: false, strictComments: false },
    tips: {},
    houseRules: [],
    providers: [],
    extends: [],
    overrides: [],
    sources: [],
  };
}

/** A problem in a pack: where (JSON path) and what to do about it. */
export interface PackProblem {
  pack: string;
  path: string;
  message: string;
  /** 1-based line in the pack file, when known. */
  line?: number;
  /** `warning`: the pack still works as written (a deprecated form); absent: an error, the part is left out. */
  severity?: 'warning';
}

/** The problems that are errors (a part left out), not warnings. */
export function packErrors(problems: readonly PackProblem[]): PackProblem[] {
  return problems.filter((p) => p.severity !== 'warning');
}

export interface LoadedPack {
  pack: CompiledPack;
  problems: PackProblem[];
}

/**
 * Validates and compiles a pack. A broken rule is reported and left out; the other rules load,
 * so one mistake never silences a whole pack.
 */
export interface CompileOptions {
  /** Refuse regexes that can backtrack catastrophically (every pack but the built-in one). */
  guardRegexes?: boolean;
  /**
   * Build each detector on its first use (the built-in pack, whose rules are compiled and tested
   * at build time): a rescan whose files are all cached never pays for the regexes.
   */
  deferDetectors?: boolean;
}

export function compilePack(json: unknown, origin: string, options: CompileOptions = {}): LoadedPack {
  const problems: PackProblem[] = [];
  // The schema speaks first; the checks below only add what it cannot say (a regex that does not
  // compile, a glob that never matches), and never repeat it for a part it already refused.
  const schema = options.guardRegexes ? schemaProblems(json) : [];
  const refused = new Set(schema.map((s) => s.unit));
  for (const s of schema) problems.push({ pack: origin, path: s.path, message: s.message });
  let errors = 0;
  const problem = (path: string, message: string): void => {
    if (refused.has(unitOf(path))) return;
    problems.push({ pack: origin, path, message });
    errors++;
  };
  const warn = (path: string, message: string): void => {
    problems.push({ pack: origin, path, message, severity: 'warning' });
  };
  if (!isObject(json)) {
    problem('', 'a rule pack must be a JSON object with "id", "version" and "rules"');
    return { pack: emptyPack(origin), problems };
  }
  const pack: CompiledPack = {
    ...emptyPack(origin),
    id: stringField(json, 'id', '', problem) ?? origin,
    version: stringField(json, 'version', '', problem) ?? '0.0.0',
    description: typeof json.description === 'string' ? json.description : '',
    publisher: typeof json.publisher === 'string' ? json.publisher : '',
  };
  pack.sources = [{ id: pack.id, version: pack.version, publisher: pack.publisher, description: pack.description, origin }];
  compileExtras(json, pack, problem, options);
  if (json.rules === undefined) return { pack, problems };
  if (!Array.isArray(json.rules)) {
    problem('rules', '"rules" must be an array of rules');
    return { pack, problems };
  }
  const seen = new Set<string>();
  json.rules.forEach((raw: unknown, i: number) => {
    const at = `rules[${i}]`;
    if (refused.has(at)) return; // left out: the schema said what is wrong with it
    const before = errors;
    const rule = compileRule(raw, at, problem, warn, options);
    if (!rule || errors > before) return;
    if (seen.has(rule.id)) {
      problem(`${at}.id`, `duplicate rule id "${rule.id}": rule ids must be unique within a pack`);
      return;
    }
    seen.add(rule.id);
    pack.rules.push(rule);
  });
  return { pack, problems };
}

const KNOWN_KEYS = new Set(['$schema', 'id', 'version', 'description', 'publisher', 'extends', 'rules', 'overrides', 'allow', 'contexts', 'policy', 'tips', 'houseRules', 'providers']);

/** extends, overrides, allow, policy, tips, houseRules: each checked with a message that says the fix. */
function compileExtras(json: Record<string, unknown>, pack: CompiledPack, problem: (path: string, message: string) => void, options: CompileOptions): void {
  for (const key of Object.keys(json)) {
    if (!KNOWN_KEYS.has(key)) problem(key, `unknown field "${key}" (known: ${[...KNOWN_KEYS].filter((k) => k !== '$schema').join(', ')})`);
  }
  if (json.extends !== undefined) {
    if (Array.isArray(json.extends) && json.extends.every((e) => typeof e === 'string')) pack.extends = json.extends;
    else problem('extends', '"extends" must be a list of packs: "vigil:builtin", a relative path or an npm package name');
  }
  if (json.overrides !== undefined) {
    if (!Array.isArray(json.overrides)) problem('overrides', '"overrides" must be a list of { "rule", "severity" | "disabled" }');
    else {
      json.overrides.forEach((o: unknown, i: number) => {
        const at = `overrides[${i}]`;
        if (!isObject(o) || typeof o.rule !== 'string') return problem(at, 'an override needs "rule" (a rule id) and "severity" or "disabled"');
        if (o.severity !== undefined && !(SEVERITIES as readonly unknown[]).includes(o.severity)) return problem(`${at}.severity`, `"severity" must be one of ${SEVERITIES.join(', ')}`);
        if (o.disabled !== undefined && typeof o.disabled !== 'boolean') return problem(`${at}.disabled`, '"disabled" must be true or false');
        pack.overrides.push({ rule: o.rule, ...(o.severity ? { severity: o.severity as Severity } : {}), ...(o.disabled !== undefined ? { disabled: o.disabled as boolean } : {}) });
      });
    }
  }
  if (json.allow !== undefined) {
    const allow = json.allow;
    if (!isObject(allow)) problem('allow', '"allow" must be an object with "paths", "values" and/or "patterns"');
    else {
      if (allow.paths !== undefined) {
        const bad = Array.isArray(allow.paths) ? allow.paths.find((p) => typeof p === 'string' && globProblem(p)) : undefined;
        if (typeof bad === 'string') problem('allow.paths', `glob "${bad}" ${globProblem(bad)}`);
        else if (Array.isArray(allow.paths) && allow.paths.every((p) => typeof p === 'string')) pack.allow.paths = allow.paths.map((g) => (g.includes('/') ? g : `**/${g}`));
        else problem('allow.paths', '"allow.paths" must be a list of glob patterns');
      }
      if (allow.values !== undefined) {
        if (Array.isArray(allow.values) && allow.values.every((v) => typeof v === 'string' && /^[0-9a-f]{64}$/i.test(v))) pack.allow.values = new Set(allow.values.map((v) => v.toLowerCase()));
        else problem('allow.values', '"allow.values" must list SHA-256 fingerprints (64 hex characters) of allowed values, never the values themselves');
      }
      if (allow.patterns !== undefined) {
        if (!Array.isArray(allow.patterns)) problem('allow.patterns', '"allow.patterns" must be a list of regular expressions');
        else {
          allow.patterns.forEach((p: unknown, i: number) => {
            try {
              if (typeof p !== 'string') throw new Error('must be a string');
              const refused = options.guardRegexes && !linearEngineAvailable() ? unsafeRegexReason(p) : undefined;
              if (refused) throw new Error(`regular expression refused: ${refused}`);
              pack.allow.patterns.push(withLinearRegexes(options.guardRegexes === true, () => compileRegex(p, 'i')));
            } catch (err) {
              problem(`allow.patterns[${i}]`, (err as Error).message);
            }
          });
        }
      }
    }
  }
  if (json.policy !== undefined) {
    const policy = json.policy;
    if (!isObject(policy)) problem('policy', '"policy" must be an object');
    else {
      if (policy.unsuppressible !== undefined) {
        if (Array.isArray(policy.unsuppressible) && policy.unsuppressible.every((r) => typeof r === 'string')) pack.policy.unsuppressible = new Set(policy.unsuppressible);
        else problem('policy.unsuppressible', '"policy.unsuppressible" must be a list of rule ids');
      }
      for (const flag of ['requireReason', 'requireExpiry', 'requireReviewer', 'strictComments'] as const) {
        if (policy[flag] === undefined) continue;
        if (typeof policy[flag] === 'boolean') pack.policy[flag] = policy[flag];
        else problem(`policy.${flag}`, `"policy.${flag}" must be true or false`);
      }
      if (policy.failOn !== undefined) {
        if ([...SEVERITIES, 'never'].includes(policy.failOn as string)) pack.policy.failOn = policy.failOn as Severity | 'never';
        else problem('policy.failOn', '"policy.failOn" must be error, warning, info or never');
      }
      if (policy.nonProduction !== undefined) {
        if ((NON_PRODUCTION_MODES as readonly unknown[]).includes(policy.nonProduction)) pack.policy.nonProduction = policy.nonProduction as NonProductionMode;
        else problem('policy.nonProduction', `"policy.nonProduction" must be ${NON_PRODUCTION_MODES.join(', ')}`);
      }
      if (policy.hookWithoutCli !== undefined) {
        if (policy.hookWithoutCli === 'warn' || policy.hookWithoutCli === 'block') pack.policy.hookWithoutCli = policy.hookWithoutCli;
        else problem('policy.hookWithoutCli', '"policy.hookWithoutCli" must be warn or block');
      }
    }
  }
  if (json.contexts !== undefined) {
    const contexts = json.contexts;
    if (!isObject(contexts)) problem('contexts', `"contexts" must map ${CONTEXT_KINDS.join(', ')} to lists of globs`);
    else {
      for (const [kind, globs] of Object.entries(contexts)) {
        if (!(CONTEXT_KINDS as readonly string[]).includes(kind)) {
          problem(`contexts.${kind}`, `unknown kind of file "${kind}" (known: ${CONTEXT_KINDS.join(', ')})`);
          continue;
        }
        const bad = Array.isArray(globs) ? globs.find((g) => typeof g === 'string' && globProblem(g)) : undefined;
        if (typeof bad === 'string') problem(`contexts.${kind}`, `glob "${bad}" ${globProblem(bad)}`);
        else if (Array.isArray(globs) && globs.every((g) => typeof g === 'string')) pack.contexts[kind as ContextKind] = globs.map(anywhere);
        else problem(`contexts.${kind}`, `"contexts.${kind}" must be a list of glob patterns`);
      }
    }
  }
  if (json.tips !== undefined) {
    if (!isObject(json.tips)) problem('tips', '"tips" must map tip ids to { "title", "markdown" }');
    else {
      for (const [id, tip] of Object.entries(json.tips)) {
        if (isObject(tip) && typeof tip.title === 'string' && typeof tip.markdown === 'string') pack.tips[id] = { title: tip.title, markdown: tip.markdown };
        else problem(`tips.${id}`, 'a tip needs "title" and "markdown" strings');
      }
    }
  }
  if (json.houseRules !== undefined) {
    if (Array.isArray(json.houseRules) && json.houseRules.every((h) => typeof h === 'string')) pack.houseRules = json.houseRules;
    else problem('houseRules', '"houseRules" must be a list of short statements');
  }
  if (json.providers !== undefined) {
    if (!Array.isArray(json.providers)) problem('providers', '"providers" must be a list of { "id", "name", "rules", "rotate", "revokeUrl" }');
    else {
      json.providers.forEach((p: unknown, i: number) => {
        const at = `providers[${i}]`;
        const strings = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
        if (!isObject(p) || typeof p.id !== 'string' || typeof p.name !== 'string') return problem(at, 'a provider needs "id" and "name" strings');
        if (!strings(p.rules)) return problem(`${at}.rules`, '"rules" must list globs of rule ids (e.g. "secret.github-*")');
        if (!strings(p.rotate)) return problem(`${at}.rotate`, '"rotate" must list the rotation steps');
        if (p.revokeUrl !== undefined && (typeof p.revokeUrl !== 'string' || !p.revokeUrl.startsWith('https://'))) return problem(`${at}.revokeUrl`, '"revokeUrl" must be an https:// address');
        pack.providers.push({ id: p.id, name: p.name, rules: p.rules, rotate: p.rotate, ...(p.revokeUrl ? { revokeUrl: p.revokeUrl as string } : {}) });
      });
    }
  }
}

function compileRule(raw: unknown, at: string, problem: (path: string, message: string) => void, warn: (path: string, message: string) => void, options: CompileOptions): CompiledRule | undefined {
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
  // On the linear-time engine a regex cannot backtrack: no heuristic guard is needed (or wanted: it refuses sound patterns).
  if (options.guardRegexes && !linearEngineAvailable()) {
    for (const source of regexSources(json.detector)) {
      const refused = unsafeRegexReason(source);
      if (refused) {
        problem(`${at}.detector`, `regular expression /${source}/ refused: ${refused}`);
        return undefined;
      }
    }
  }
  const make = (): Detector => withLinearRegexes(options.guardRegexes === true, () => createDetector(json.detector, json.fix, category));
  let detect: Detector;
  if (options.deferDetectors) {
    let made: Detector | undefined;
    detect = (file) => (made ??= make())(file);
  } else {
    try {
      detect = make();
    } catch (err) {
      problem(`${at}.detector`, (err as Error).message);
      return undefined;
    }
  }
  for (const key of ['include', 'exclude'] as const) {
    const globs: unknown = json[key];
    if (globs === undefined) continue;
    if (!Array.isArray(globs) || !globs.every((g) => typeof g === 'string')) {
      problem(`${at}.${key}`, `"${key}" must be a list of glob patterns`);
      return undefined;
    }
    const bad = globs.map((g) => [g, globProblem(g)] as const).find(([, p]) => p);
    if (bad) {
      problem(`${at}.${key}`, `glob "${bad[0]}" ${bad[1]}`);
      return undefined;
    }
  }
  const include = (json.include ?? []).map(anywhere);
  const exclude = (json.exclude ?? []).map(anywhere);
  // Matchers are built on first use (each glob was checked above).
  let included: ((path: string) => boolean) | undefined;
  let excluded: ((path: string) => boolean) | undefined;
  if (json.skipIn !== undefined && (!Array.isArray(json.skipIn) || !json.skipIn.every((k) => (CONTEXT_KINDS as readonly unknown[]).includes(k)))) {
    problem(`${at}.skipIn`, `"skipIn" must be a list of kinds of files: ${CONTEXT_KINDS.join(', ')}`);
    return undefined;
  }
  const keywords = json.detector.kind === 'pattern' ? json.detector.keywords.map((k) => k.toLowerCase()) : [];
  // Where it used to be written: still used, with a warning that says where it goes now.
  const oldRevealPrefix = json.detector.kind === 'pattern' ? json.detector.revealPrefix : undefined;
  if (oldRevealPrefix !== undefined) {
    warn(
      `${at}.detector.revealPrefix`,
      json.revealPrefix === undefined
        ? `is deprecated: move it to ${at}.revealPrefix (a setting of the rule, beside "message", not of its detector); until then its value is used`
        : `is deprecated and ignored: ${at}.revealPrefix is in force; delete this one`,
    );
  }
  return {
    id,
    name,
    category,
    severity,
    writtenSeverity: severity,
    confidence,
    message,
    tip,
    cwe: json.cwe ?? [],
    owasp: json.owasp ?? [],
    keywords,
    secret: category === 'secret',
    revealPrefix: json.revealPrefix ?? oldRevealPrefix ?? 0,
    appliesTo: (path) => (include.length === 0 || (included ??= globMatcher(include))(path)) && !(excluded ??= globMatcher(exclude))(path),
    scope: include.length + exclude.length === 0 ? '' : JSON.stringify([include, exclude]),
    skipIn: json.skipIn ?? [],
    detect,
    detectorKind: json.detector.kind,
    source: json,
    linearRegexes: options.guardRegexes === true && linearEngineAvailable(),
  };
}

/** `rules[3]` for a path inside a rule, else the top-level section (`policy`, `allow`…). */
function unitOf(path: string): string {
  return /^rules\[\d+\]/.exec(path)?.[0] ?? path.split(/[.[]/, 1)[0];
}

/** A glob without a slash matches a file name anywhere, as in .gitignore (`*.test.ts`). */
function anywhere(g: string): string {
  return g.includes('/') ? g : `**/${g}`;
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
