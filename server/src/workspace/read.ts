import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, Stats, statSync } from 'node:fs';

/** Files over this size are data or bundles, not code: skipped with a reason. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** `head`: the first bytes of a binary file, as hex (key stores are recognised by them). */
export type ReadResult = { text: string; stamp?: FileStamp } | { skipped: string; head?: string };

/**
 * Size, modification and change times and inode of a file when it was read: while they are all
 * unchanged the file is taken as unchanged without reading it (as git's index does). The change
 * time cannot be set back by tools that restore a modification time (tar, cp -p).
 */
export type FileStamp = [size: number, mtimeMs: number, ctimeMs: number, ino: number];

export function stampOf(stats: Stats): FileStamp {
  return [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino];
}

/** The file's stamp now, or undefined when it cannot be read. */
export function currentStamp(file: string): FileStamp | undefined {
  try {
    const stats = statSync(file, { throwIfNoEntry: false });
    return stats?.isFile() ? stampOf(stats) : undefined;
  } catch {
    return undefined;
  }
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/**
 * Reads a file for scanning: size limit, binary check, UTF-8 decoding that never throws.
 * Synchronous: scan workers read on their own thread, and the language server reads one
 * file at a time (at most the size limit).
 */
export function readForScan(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadResult {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const stats = fstatSync(fd);
    const size = stats.size;
    if (size > maxBytes) return { skipped: `larger than ${Math.round(maxBytes / 1024)} KB (${Math.round(size / 1024)} KB)` };
    const buffer = scratchFor(size);
    let offset = 0;
    // Binary is decided on the first 8 KB: an image or archive is not read further.
    while (offset < Math.min(size, HEAD_BYTES)) {
      const n = readSync(fd, buffer, offset, Math.min(size, HEAD_BYTES) - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    if (looksBinary(buffer.subarray(0, offset))) return { skipped: 'binary file', head: buffer.subarray(0, Math.min(offset, 16)).toString('hex') };
    while (offset < size) {
      const n = readSync(fd, buffer, offset, size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    const read = decodeForScan(buffer.subarray(0, offset));
    return 'text' in read && offset === size ? { stamp: stampOf(stats), ...read } : read;
  } catch (err) {
    return { skipped: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const HEAD_BYTES = 8000;

// Files are read into one buffer, grown to the largest file read (the size limit at most): a new
// buffer per file cost a quarter of the reading. Nothing keeps it past a call: the text is a copy.
let scratch = Buffer.allocUnsafe(64 * 1024);
function scratchFor(size: number): Buffer {
  if (size > scratch.length) scratch = Buffer.allocUnsafe(Math.max(size, Math.min(2 * scratch.length, DEFAULT_MAX_FILE_BYTES)));
  return scratch;
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** The encoding a byte-order mark announces (UTF-16 files are full of NUL bytes, yet text). */
function bomEncoding(buffer: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return 'utf-16le';
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return 'utf-16be';
  return undefined;
}

function looksBinary(head: Uint8Array): boolean {
  return bomEncoding(head) === undefined && head.subarray(0, HEAD_BYTES).includes(0);
}

export function decodeForScan(buffer: Uint8Array): ReadResult {
  if (looksBinary(buffer)) return { skipped: 'binary file' };
  // All ASCII (most code): Latin-1 decodes the same text in a fraction of the time.
  if (isAscii(buffer)) return { text: Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).toString('latin1') };
  // Invalid bytes become U+FFFD; the BOM is dropped so positions match what editors show.
  const bom = bomEncoding(buffer);
  const text = (bom ? new TextDecoder(bom, { fatal: false, ignoreBOM: false }) : utf8).decode(buffer);
  return { text };
}
