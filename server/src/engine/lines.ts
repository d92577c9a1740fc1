import { Position, Range } from './types';

/** Maps string offsets to zero-based line/character positions (UTF-16, like LSP). */
export class LineIndex {
  // Worked out on first use: most files scanned have no finding and never ask for a position.
  private lineStarts: number[] | undefined;

  constructor(readonly text: string) {}

  private get starts(): number[] {
    return (this.lineStarts ??= lineStarts(this.text));
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  offset(position: Position): number {
    const line = Math.max(0, Math.min(position.line, this.starts.length - 1));
    return Math.min(this.starts[line] + position.character, this.lineEnd(line));
  }

  lineStart(line: number): number {
    return this.starts[line];
  }

  /** Offset of the end of the line's content (before its line break). */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    let end = next;
    while (end > this.starts[line] && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // The common case: a native search per line instead of a look at every character.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Whether two ranges share a character, or with `touching` also meet at a point (a cursor on a finding's edge). */
export function rangesOverlap(a: Range, b: Range, touching = false): boolean {
  const before = (p: Position, q: Position): boolean => p.line < q.line || (p.line === q.line && (touching ? p.character <= q.character : p.character < q.character));
  return before(a.start, b.end) && before(b.start, a.end);
}
