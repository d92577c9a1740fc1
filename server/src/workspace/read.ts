import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Files over this size are data or bundles, not code: skipped with a reason. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

export type ReadResult = { text: string } | { skipped: string };

/**
 * Reads a file for scanning: size limit, binary check, UTF-8 decoding that never throws.
 * Synchronous: scan workers read on their own thread, and the language server reads one
 * file at a time (at most the size limit).
 */
export function readForScan(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadResult {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { skipped: `larger than ${Math.round(maxBytes / 1024)} KB (${Math.round(size / 1024)} KB)` };
    const buffer = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const n = readSync(fd, buffer, offset, size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return decodeForScan(buffer.subarray(0, offset));
  } catch (err) {
    return { skipped: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function decodeForScan(buffer: Uint8Array): ReadResult {
  if (buffer.subarray(0, 8000).includes(0)) return { skipped: 'binary file' };
  // Invalid UTF-8 becomes U+FFFD; the BOM is dropped so positions match what editors show.
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(buffer);
  return { text };
}
