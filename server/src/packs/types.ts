import { Category, Confidence, Severity } from '../engine/types';
import type { ArgumentCondition, DetectorSpec, FixSpec, ValueCondition } from '../detectors/spec';
import type { ContextKind, NonProductionMode } from '../engine/model';

export type { ArgumentCondition, DetectorSpec, FixSpec, ValueCondition };

// The rule-pack format, exactly as a team lead writes it in JSON. The built-in pack in
// `rules/builtin.json` uses the same format.

export interface RuleExample {
  /** File name the example is scanned as (decides the language); default `example.ts`. */
  path?: string;
  code: string;
  /** File rules: scan it as committed although ignored. */
  committedIgnored?: boolean;
  /** File rules: scan it as a binary file with these first bytes (hex). */
  binaryHead?: string;
  /** `match` examples: where the finding starts (1-based), as ESLint's RuleTester states it. */
  line?: number;
  column?: number;
  /** `match` examples: the code once the finding's fix is applied. */
  output?: string;
}

export interface RuleJson {
  id: string;
  name: string;
  category: Category;
  severity: Severity;
  confidence?: Confidence;
  /** `{{value}}` (masked when the rule is about secrets) and `{{name}}` are filled in. */
  message: string;
  /** Markdown shown in the training-tips panel: what is wrong, why it matters, how to fix it. */
  tip: string;
  cwe?: string[];
  owasp?: string[];
  include?: string[];
  exclude?: string[];
  /** Kinds of files (see `Contexts`) where the rule does not run. */
  skipIn?: ContextKind[];
  /** Secret rules: how many leading characters of the value messages may show (a provider prefix such as `ghp_`); at most a quarter of it. */
  revealPrefix?: number;
  detector: DetectorSpec;
  fix?: FixSpec;
  /** The rule's own tests: text it must and must not match. Required in the built-in pack. */
  examples?: { match: Array<string | RuleExample>; noMatch: Array<string | RuleExample> };
}

/** Changes to rules defined by a pack this one extends (or the built-in pack). */
export interface RuleOverride {
  rule: string;
  severity?: Severity;
  disabled?: boolean;
}

/** What is never a finding: paths (globs), values (SHA-256 of the matched text, never the value), patterns. */
export interface AllowList {
  paths?: string[];
  values?: string[];
  patterns?: string[];
}

/** Kinds of files that rules treat differently, by glob. */
export { CONTEXT_KINDS, NON_PRODUCTION_MODES } from '../engine/model';
export type { ContextKind, NonProductionMode } from '../engine/model';
export type Contexts = Partial<Record<ContextKind, string[]>>;

/** What a team enforces. */
export interface Policy {
  /** Rules whose findings cannot be suppressed inline (the suppression is ignored and reported). */
  unsuppressible?: string[];
  requireReason?: boolean;
  /** Suppressions must say `until YYYY-MM-DD`. */
  requireExpiry?: boolean;
  /** Suppressions must say `by NAME`. */
  requireReviewer?: boolean;
  /** A comment beside a value (`// dummy secret`) never lowers its finding. */
  strictComments?: boolean;
  /** The severity at which `vigil scan` fails when `--fail-on` is not given. */
  failOn?: Severity | 'never';
  nonProduction?: NonProductionMode;
  /** What hooks written by `vigil install-hook` do when the CLI is missing (default warn). */
  hookWithoutCli?: 'warn' | 'block';
}

export interface TopicTip {
  title: string;
  markdown: string;
}

export interface RulePackJson {
  /** Where editors find the schema of this format (`vigil pack init` writes `./pack.schema.json`). */
  $schema?: string;
  id: string;
  version: string;
  description?: string;
  publisher?: string;
  /** Packs this one builds on: `vigil:builtin`, a path relative to this pack, or an npm package name. */
  extends?: string[];
  /** New rules; a rule with the id of an inherited rule replaces it. */
  rules?: RuleJson[];
  overrides?: RuleOverride[];
  allow?: AllowList;
  contexts?: Contexts;
  policy?: Policy;
  /** Topic tips (markdown) for the training panel, by id. */
  tips?: Record<string, TopicTip>;
  /** The team's house rules: a checklist shown to new hires. */
  houseRules?: string[];
  providers?: ProviderJson[];
}

/** Who issues a kind of credential and how to rotate it (`vigil report leaks`). */
export interface ProviderJson {
  id: string;
  name: string;
  /** Globs of rule ids. */
  rules: string[];
  revokeUrl?: string;
  rotate: string[];
}
