import type { Detector } from './detector';
import type { Category, Confidence, Severity } from './types';

// The runtime rule model: what the engine runs. The pack loader (`packs/`) turns rule-pack JSON
// into these; the engine never reads the JSON back.

/** Kinds of files, from the pack's globs: the same shape means something else in each. */
export type ContextKind = 'translation' | 'nonProduction' | 'prose' | 'browser';
export const CONTEXT_KINDS: readonly ContextKind[] = ['translation', 'nonProduction', 'prose', 'browser'];

/** Findings in non-production code: one severity lower, hidden, or as elsewhere. */
export type NonProductionMode = 'lower' | 'hide' | 'same';
export const NON_PRODUCTION_MODES: readonly NonProductionMode[] = ['lower', 'hide', 'same'];

/** How a rule finds things; ranks overlapping secret findings (a provider format beats a name-based guess). */
export type DetectorKind = 'pattern' | 'assignment' | 'call' | 'url' | 'file';

/** A rule ready to run. */
export interface EngineRule {
  id: string;
  category: Category;
  /** In force (after a team's override). */
  severity: Severity;
  /** As the rule was written: a match that raises or lowers it moves the severity in force by as much. */
  writtenSeverity: Severity;
  confidence: Confidence;
  message: string;
  /** Lower-cased prefilter keywords; empty means "always run". */
  keywords: string[];
  /** The matched value is a secret: always masked in messages. */
  secret: boolean;
  /** Leading characters of a secret that may be shown. */
  revealPrefix: number;
  appliesTo(path: string): boolean;
  /** Same value for rules with the same include/exclude globs ('' for none): `appliesTo` is asked once per file per scope. */
  scope: string;
  /** Kinds of files where the rule does not run. */
  skipIn: ContextKind[];
  detect: Detector;
  detectorKind: DetectorKind;
}

export interface CompiledAllow {
  paths: string[];
  /** SHA-256 (hex) of matched values that are known not to be secrets. */
  values: Set<string>;
  patterns: RegExp[];
}

export interface CompiledPolicy {
  unsuppressible: Set<string>;
  requireReason: boolean;
  requireExpiry: boolean;
  requireReviewer: boolean;
  /** A comment beside a value (`// dummy secret`) never lowers its finding. */
  strictComments: boolean;
  failOn?: Severity | 'never';
  /** Findings in non-production code (default: one severity lower). */
  nonProduction?: NonProductionMode;
  /** What an installed git hook does without the CLI (read by `vigil install-hook`). */
  hookWithoutCli?: 'warn' | 'block';
}

/** What the engine needs of the packs in force. */
export interface EnginePack {
  rules: EngineRule[];
  allow: CompiledAllow;
  /** Globs of each kind of file (normalised: a glob without a slash matches anywhere). */
  contexts: Record<ContextKind, string[]>;
  policy: CompiledPolicy;
}
