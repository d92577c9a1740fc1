import { LineIndex } from '../engine/lines';
import { Confidence, FileFacts, Severity } from '../engine/types';
import { JsFacts } from '../syntax/jsFacts';

/** What a detector sees of one file. JS/TS facts are parsed lazily, once, on first use. */
export interface FileContext {
  path: string;
  text: string;
  lines: LineIndex;
  isJs: boolean;
  js(): JsFacts;
  /** The text cut into regex-sized pieces (long minified lines split), computed once per file. */
  chunks(): Array<[string, number]>;
  /** Git state and binary head, when the caller knows them. */
  facts: FileFacts;
}

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** A raw hit, in offsets, before the engine turns it into a finding. */
export interface Match {
  start: number;
  end: number;
  /** The value the rule is about (a secret, a URL, an algorithm name). */
  value: string;
  /** The name it was bound to, if any. */
  name?: string;
  fix?: { title: string; edits: OffsetEdit[] };
  /** Overrides of the rule's defaults for this match (a validated checksum, a documented example). */
  confidence?: Confidence;
  severity?: Severity;
  /** Said at the end of the message: why confidence or severity differ from the rule's. */
  note?: string;
  /** Replaces the rule's message where the situation needs other advice (an MD5 on a password). */
  message?: string;
  /** Offsets of the whole string literal, quotes included, when the value is one (for move-to-env). */
  literal?: { start: number; end: number };
}

export type Detector = (file: FileContext) => Match[];
