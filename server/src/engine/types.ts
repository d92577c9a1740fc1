import type { ModuleReader } from '../syntax/evaluate';
import type { SyntaxMemoState } from '../syntax/parse';

// The engine's vocabulary. No LSP or terminal types here: the server, the CLI and the tests
// all speak these, so the editor and CI agree by construction.

export type Category = 'secret' | 'transport' | 'crypto';
export type Severity = 'error' | 'warning' | 'info';
/** How sure a finding is: `validated` (checksum verified offline) > `format` > `heuristic`. */
export type Confidence = 'validated' | 'format' | 'heuristic';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const CATEGORIES: readonly Category[] = ['secret', 'transport', 'crypto'];
export const CONFIDENCES: readonly Confidence[] = ['validated', 'format', 'heuristic'];

/** The one order of severities: a higher rank is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };
/** Most severe first, for sorting. */
export const bySeverity = (a: { severity: Severity }, b: { severity: Severity }): number => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];

/** Zero-based line and UTF-16 character, as in LSP and TypeScript. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  range: Range;
  /** Already masked: never contains a secret in clear. Ends with ` (notes)` when there are notes. */
  message: string;
  /**
   * The remarks `message` ends with in parentheses (confidence, context, test code), when there
   * are any: the text output shows the message without them (`--verbose` with them).
   */
  notes?: string[];
  /** Stable across line moves: rule + file + hash of the matched text. */
  fingerprint: string;
  fix?: Fix;
  /** The whole string literal (quotes included) holding the value, when it is one. */
  literalRange?: Range;
  /** The name the value is bound to (`dbPassword`), when known. */
  boundName?: string;
}

export interface SuppressedFinding extends Finding {
  /** How it was suppressed: an inline comment, the baseline, or a pack's allow list. */
  kind: 'inline' | 'baseline' | 'allow';
  reason: string | undefined;
  by?: string;
  until?: string;
}

/** A rule that threw: reported once, the other rules still ran. */
export interface RuleFailure {
  ruleId: string;
  message: string;
}

export interface ScanInput {
  /** Path used for globs, language choice and fingerprints (relative or absolute). */
  path: string;
  text: string;
  /** Reads other workspace modules for cross-file constants; without it, constants stay within the file. */
  modules?: ModuleReader;
  /** Fingerprints accepted by the team's baseline (`.vigil/baseline.json`). */
  baseline?: ReadonlySet<string>;
  /** Today as YYYY-MM-DD, for suppression expiry (default: the current date). */
  today?: string;
  /** Kept by the caller for an open document between edits: the next parse only re-parses what changed. */
  syntaxMemo?: SyntaxMemo;
  /** What is known of the file itself, for file rules (`detector.kind: "file"`). */
  facts?: FileFacts;
  /** Epoch ms after which no further rule starts on this file (the rest are reported as not run). */
  deadline?: number;
}

export interface FileFacts {
  /** Git tracks the file although .gitignore ignores it. */
  committedIgnored?: boolean;
  /** A binary file (text is empty): its first bytes, as hex. */
  binaryHead?: string;
}

/** The last syntax tree of a document and its text (opaque to callers). */
export type SyntaxMemo = SyntaxMemoState;

export interface ScanResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  failures: RuleFailure[];
  /** Mistakes in the file's own Vigil configuration, e.g. a suppression naming an unknown rule. */
  problems?: Array<{ line: number; message: string }>;
  /** Set when the file was not analysed at all (minified, too large, ...). */
  skipped?: string;
}
