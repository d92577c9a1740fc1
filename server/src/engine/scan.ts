import { inDocExample } from './docExample';
import { commentSaysNotSecret } from './notSecretComment';
import { fileContexts } from './fileContexts';
import { isTestStandIn } from './placeholder';
import type { DetectorKind, EnginePack, EngineRule } from './model';
import { rulesFor } from './ruleSelection';
import { FileContext, Match } from './detector';
import type { JsFacts } from '../syntax/jsFacts';
import { ParseTooCostly } from '../syntax/parseCost';
import { textChunks } from './chunks';
import { fingerprint } from './fingerprint';
import { isDeclarationFile, isJsFile } from './language';
import { markupViews } from './embedded';
import { LineIndex, rangesOverlap } from './lines';
import { clip, maskSecret, maskUrlCredentials, scrub } from './mask';
import { allowedValue, applySuppressions, lockedBy, pathAllowed } from './gate';
import { Finding, RuleFailure, ScanInput, ScanResult, Severity, SEVERITY_RANK } from './types';

/** Why a finding was lowered to info by what its comment says. */
const COMMENT_NOTES = {
  secret: 'a comment here says it is not a real secret: if it is one, say so and move it out of the code',
  url: 'a comment here says this address is a placeholder or not used: if it is requested, use TLS',
};

/** Above this a file is data or a bundle, not code someone typed: skipped with a reason. */
export const MAX_TEXT_LENGTH = 2_000_000;
/** A file whose lines average longer than this is minified or generated. */
const MINIFIED_AVERAGE_LINE = 400;

/**
 * Detectors that read JS/TS through its syntax tree. A declaration file is not given to them: it
 * holds no code to find, and parsing it (a third of a typical npm package's JS/TS) would be the
 * whole cost of its scan. The text rules still read it.
 */
const SYNTAX_KINDS: ReadonlySet<DetectorKind> = new Set(['call', 'assignment', 'url']);

/** The failure a file gets when its time limit (`ScanInput.deadline`) stopped the rules. */
export const DEADLINE_RULE = 'vigil.deadline';
/** How many rules run between two looks at the clock. */
const DEADLINE_EVERY = 8;

/**
 * The engine's one entry point: path + text + pack in, findings out. Pure: no file system, no
 * LSP, no globals, so the server, the CLI and the tests get the same answer.
 */
export function scanText(input: ScanInput, pack: EnginePack): ScanResult {
  const result: ScanResult = { findings: [], suppressed: [], failures: [] };
  const skip = skipReason(input.text);
  if (skip) return { ...result, skipped: skip };

  const lines = new LineIndex(input.text);
  const occurrences = new Map<string, number>();
  const exempt = pathAllowed(pack, input.path);
  const kinds = fileContexts(pack, input.path);
  const nonProduction = kinds.has('nonProduction') ? (pack.policy.nonProduction ?? 'lower') : 'same';
  // `nonProduction: same` treats tests like production code: rules that skip them run there too.
  const skipKinds = nonProduction === 'same' ? new Set([...kinds].filter((k) => k !== 'nonProduction')) : kinds;
  let syntaxFailure: string | undefined;
  const declarations = isDeclarationFile(input.path);

  // A template with embedded code is two files in one: its markup as text, its scripts as JS/TS.
  const views = markupViews(input.path, input.text);
  const files = views
    ? [fileContext({ ...input, text: views.markup }, false), fileContext({ ...input, text: views.script }, true, `${input.path}.${views.lang}`)]
    : [fileContext(input, isJsFile(input.path, input.text), input.path, lines)];
  for (const file of files) {
    const selected = rulesFor(pack, input.path, file.text.toLowerCase());
    for (let i = 0; i < selected.length; i++) {
      // The clock is read every few rules: a file runs hundreds, and reading it was a tenth of the loop.
      if (input.deadline !== undefined && i % DEADLINE_EVERY === 0 && Date.now() > input.deadline) {
        const left = selected.length - i;
        result.failures.push({ ruleId: DEADLINE_RULE, message: `analysis of this file stopped at its time limit: ${left} rule${left === 1 ? '' : 's'} did not run` });
        break;
      }
      const rule = selected[i];
      if (skipKinds.size > 0 && rule.skipIn.some((k) => skipKinds.has(k))) continue;
      if (declarations && file.isJs && SYNTAX_KINDS.has(rule.detectorKind)) continue;
      let matches: Match[];
      try {
        matches = rule.detect(file);
      } catch (err) {
        if (err instanceof SyntaxUnavailable) syntaxFailure = err.message;
        else result.failures.push(ruleFailure(rule, err));
        continue;
      }
      for (const match of matches) {
        if (rule.secret && file.isJs && !match.literal) enclosingLiteral(file, match);
        if (rule.secret && match.severity !== 'info' && inDocExample(file.text, match.start)) {
          match.severity = 'info';
          match.note ??= 'an @example in a doc comment';
        }
        // A checksum-validated token is real whatever a comment says; a team that does not let
        // authors' comments decide (policy.strictComments, or the rule is unsuppressible) keeps the severity.
        const commentsCount = !pack.policy.strictComments && !pack.policy.unsuppressible.has(rule.id) && (match.confidence ?? rule.confidence) !== 'validated';
        const commented = rule.secret ? 'secret' : rule.category === 'transport' ? 'url' : undefined;
        if (commented && match.severity !== 'info' && commentsCount && commentSaysNotSecret(file.text, match.start, match.end, commented)) {
          match.severity = 'info';
          match.note ??= COMMENT_NOTES[commented];
        }
        // Tests and examples are full of stand-in credentials; only random-looking ones are worth a look there.
        if (nonProduction !== 'same' && rule.secret && rule.revealPrefix === 0 && (match.confidence ?? rule.confidence) !== 'validated' && isTestStandIn(match.value)) continue;
        const finding = toFinding(rule, match, input.path, lines, occurrences, nonProduction === 'lower');
        const allowed = exempt ? 'path' : allowedValue(pack, match.value) ? 'value' : undefined;
        if (allowed && pack.policy.unsuppressible.has(rule.id)) result.findings.push({ ...finding, message: `${finding.message} [${allowed} allowed by a rule pack, ignored: ${lockedBy(rule.id)}]` });
        else if (allowed) result.suppressed.push({ ...finding, kind: 'allow', reason: `${allowed} allowed by the rule pack` });
        else if (nonProduction === 'hide') result.suppressed.push({ ...finding, kind: 'allow', reason: 'non-production code hidden by policy (nonProduction: hide)' });
        else result.findings.push(finding);
      }
    }
    if (result.failures.some((f) => f.ruleId === DEADLINE_RULE)) break;
  }
  if (syntaxFailure) result.failures.push({ ruleId: 'vigil.syntax', message: syntaxFailure });
  result.findings = dropWeakerSecretDuplicates(dropRepeats(result.findings), pack);

  const gated = applySuppressions(result.findings, lines, pack, input);
  result.findings = gated.findings;
  result.suppressed.push(...gated.suppressed);
  if (gated.problems.length > 0) result.problems = gated.problems;
  result.findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return result;
}

export function skipReason(text: string): string | undefined {
  if (text.length > MAX_TEXT_LENGTH) return `too large (${Math.round(text.length / 1024)} KB of text; limit ${MAX_TEXT_LENGTH / 1000} KB)`;
  if (text.length > 20_000) {
    // Lines are counted only until there are enough for the average to be under the limit.
    const enough = text.length / MINIFIED_AVERAGE_LINE;
    let breaks = 1;
    for (let i = text.indexOf('\n'); i !== -1 && breaks < enough; i = text.indexOf('\n', i + 1)) breaks++;
    if (breaks < enough) return `minified or generated (average line length ${Math.round(text.length / breaks)})`;
  }
  return undefined;
}

/**
 * A secret found by pattern inside JS/TS: when it is a whole string literal, remember the literal
 * and the name it is bound to, so "move to environment variable" can replace it.
 */
function enclosingLiteral(file: FileContext, match: Match): void {
  let facts;
  try {
    facts = file.js();
  } catch {
    return;
  }
  const literal = facts.strings.find((s) => !s.prefixOnly && s.valueStart === match.start && s.value.length === match.end - match.start);
  if (!literal) return;
  const quote = file.text[literal.valueStart - 1];
  if (file.text[match.end] !== quote || file.text.slice(match.start, match.end) !== literal.value) return;
  match.literal = { start: literal.valueStart - 1, end: match.end + 1 };
  match.name ??= facts.bindings.find((b) => b.value().start === literal.valueStart - 1)?.name;
}

/**
 * The syntax layer, and the TypeScript compiler under it, load on first use: a language server
 * answers `initialize` before it has parsed anything, and text-only scans never load it.
 */
let syntax: typeof import('../syntax/jsFacts') | undefined;
function syntaxLayer(): typeof import('../syntax/jsFacts') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (syntax ??= require('../syntax/jsFacts') as typeof import('../syntax/jsFacts'));
}

/** Thrown by `js()` when the syntax tree cannot be built; syntax rules skip, text rules still run. */
class SyntaxUnavailable extends Error {}

/** What detectors see of one file (or one view of it); `jsPath` names the parser's language for embedded code. */
function fileContext(input: ScanInput, isJs: boolean, jsPath = input.path, lines = new LineIndex(input.text)): FileContext {
  let facts: JsFacts | undefined;
  let failure: string | undefined;
  let chunks: Array<[string, number]> | undefined;
  return {
    chunks: () => (chunks ??= textChunks(input.text)),
    facts: input.facts ?? {},
    path: input.path,
    text: input.text,
    lines,
    isJs,
    js() {
      if (facts) return facts;
      if (failure) throw new SyntaxUnavailable(failure);
      try {
        facts = syntaxLayer().collectJsFacts(jsPath, input.text, input.modules, input.syntaxMemo);
        return facts;
      } catch (err) {
        if (err instanceof RangeError) failure = 'syntax rules skipped: the file is nested too deeply to analyse';
        else if (err instanceof ParseTooCostly) failure = `syntax rules skipped: ${err.message}`;
        else failure = `syntax rules skipped: the file could not be parsed (${(err as Error).message})`;
        throw new SyntaxUnavailable(failure);
      }
    },
  };
}

/** Non-production code (tests, fixtures, examples…): findings are reported one level lower, and the message says so. */
const LOWER: Record<Severity, Severity> = { error: 'warning', warning: 'info', info: 'info' };

const BY_RANK: Severity[] = (Object.keys(SEVERITY_RANK) as Severity[]).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b]);

/**
 * A match may raise or lower its rule's severity (context, documented examples). That change is
 * relative to the rule as written, so a team override of the rule's severity shifts it too.
 */
function matchSeverity(rule: EngineRule, match: Match): Severity {
  if (!match.severity) return rule.severity;
  const written = rule.writtenSeverity;
  if (written === rule.severity) return match.severity;
  const delta = SEVERITY_RANK[match.severity] - SEVERITY_RANK[written];
  return BY_RANK[Math.max(0, Math.min(BY_RANK.length - 1, SEVERITY_RANK[rule.severity] + delta))];
}

function toFinding(rule: EngineRule, match: Match, path: string, lines: LineIndex, occurrences: Map<string, number>, lower: boolean): Finding {
  const key = `${rule.id}\0${match.value}`;
  const occurrence = occurrences.get(key) ?? 0;
  occurrences.set(key, occurrence + 1);
  const notes = match.note ? [match.note] : [];
  let severity = matchSeverity(rule, match);
  if (lower) {
    // A stand-in secret in a test still leaks when it is real; weak TLS or hashing in a test ships nowhere.
    severity = rule.secret ? LOWER[severity] : 'info';
    notes.push('in test or example code: lower severity');
  }
  const confidence = match.confidence ?? rule.confidence;
  const remarks = rule.secret ? [`confidence: ${confidence}`, ...notes] : notes;
  const finding: Finding = {
    ruleId: rule.id,
    category: rule.category,
    severity,
    confidence,
    range: lines.range(match.start, match.end),
    message: formatMessage(rule, match, remarks),
    fingerprint: fingerprint(rule.id, path, match.value, occurrence),
  };
  if (remarks.length > 0) finding.notes = remarks;
  if (match.literal) finding.literalRange = lines.range(match.literal.start, match.literal.end);
  if (match.name) finding.boundName = match.name;
  if (match.fix) {
    finding.fix = {
      title: rule.secret ? scrub(match.fix.title, [match.value]) : match.fix.title,
      edits: match.fix.edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText })),
    };
  }
  return finding;
}

/** Fills `{{value}}` and `{{name}}`, adds notes; a secret is masked, and scrubbed again from the result. */
export function formatMessage(rule: EngineRule, match: Match, notes: string[] = []): string {
  const shown = rule.secret ? maskSecret(match.value, rule.revealPrefix) : clip(maskUrlCredentials(match.value));
  const base = (match.message ?? rule.message).replace(/\{\{\s*value\s*\}\}/g, shown).replace(/\{\{\s*name\s*\}\}/g, match.name ?? '');
  const filled = notes.length > 0 ? `${base} (${notes.join('; ')})` : base;
  return rule.secret ? scrub(filled, [match.value]) : maskUrlCredentials(filled);
}

/** One rule, one place, one finding: a value reached twice (as a binding and through a constant) is reported once. */
function dropRepeats(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const CONFIDENCE_RANK = { validated: 3, format: 2, heuristic: 1 } as const;
/** On equal confidence, a provider format beats a secret sink, which beats a name-based guess. */
const SPECIFICITY: Record<string, number> = { pattern: 3, call: 2, assignment: 1, url: 0 };

/** One secret, one finding: the strongest of overlapping secret findings is kept. */
function dropWeakerSecretDuplicates(findings: Finding[], pack: EnginePack): Finding[] {
  const secrets = findings.filter((f) => f.category === 'secret');
  if (secrets.length < 2) return findings;
  const kindOf = new Map(pack.rules.map((r) => [r.id, r.detectorKind]));
  const strength = (f: Finding): number => CONFIDENCE_RANK[f.confidence] * 10 + (SPECIFICITY[kindOf.get(f.ruleId) ?? 'url'] ?? 0);
  const overlaps = (a: Finding, b: Finding): boolean => rangesOverlap(a.range, b.range);
  return findings.filter((f) => {
    if (f.category !== 'secret') return true;
    return !secrets.some((other) => {
      if (other === f || !overlaps(f, other)) return false;
      const diff = strength(other) - strength(f);
      // Equal strength: the earlier finding stays.
      return diff > 0 || (diff === 0 && secrets.indexOf(other) < secrets.indexOf(f));
    });
  });
}

function ruleFailure(rule: EngineRule, err: unknown): RuleFailure {
  const message = err instanceof Error ? err.message : String(err);
  return { ruleId: rule.id, message: `rule ${rule.id} failed: ${clip(maskUrlCredentials(message), 200)}` };
}
