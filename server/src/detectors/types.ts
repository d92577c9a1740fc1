import { LineIndex } from '../engine/lines';
import { JsFacts } from '../syntax/jsFacts';

/** What a detector sees of one file. JS/TS facts are parsed lazily, once, on first use. */
export interface FileContext {
  path: string;
  text: string;
  lines: LineIndex;
  isJs: boolean;
  js(): JsFacts;
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
}

export type Detector = (file: FileContext) => Match[];
