import { promises as fs } from 'node:fs';

/** Files over this size are data or bundles, not code: skipped with a reason. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

export type ReadResult = { text: string } | { skipped: string };

/** Reads a file for scanning: size limit, binary check, UTF-8 decoding that never throws. */
export async function readForScan(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<ReadResult> {
  let buffer: Buffer;
  try {
    const stat = await fs.stat(file);
    if (stat.size > maxBytes) return { skipped: `larger than ${Math.round(maxBytes / 1024)} KB (${Math.round(stat.size / 1024)} KB)` };
    buffer = await fs.readFile(file);
  } catch (err) {
    return { skipped: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  return decodeForScan(buffer);
}

export function decodeForScan(buffer: Uint8Array): ReadResult {
  if (buffer.subarray(0, 8000).includes(0)) return { skipped: 'binary file' };
  // Invalid UTF-8 becomes U+FFFD; the BOM is dropped so positions match what editors show.
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(buffer);
  return { text };
}
