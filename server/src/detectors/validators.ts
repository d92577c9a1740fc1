// Offline validation of secret formats that carry a checksum or a structure. Never a network call:
// a match that passes is ranked `validated`, one that fails is likely a made-up or test value.

import * as zlib from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Node's own CRC-32 (zlib, Node 20.15 and later); the table below only for older Node 20 releases.
const nativeCrc32 = (zlib as { crc32?: (data: string) => number }).crc32;
let crcTable: Uint32Array | undefined;

export function crc32(text: string): number {
  if (nativeCrc32) return nativeCrc32(text);
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = crcTable[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62Decode(text: string): number {
  let n = 0;
  for (const ch of text) {
    const d = BASE62.indexOf(ch);
    if (d < 0) return -1;
    n = n * 62 + d;
  }
  return n;
}

export function base62Encode(n: number, width: number): string {
  let out = '';
  for (let v = n; v > 0; v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out.padStart(width, '0');
}

/**
 * GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) and npm (`npm_`) tokens: the last 6 characters
 * are the base62 CRC32 of the random part between the 4-character prefix and the checksum.
 * github.blog/2021-04-05-behind-githubs-new-authentication-token-formats
 */
export function prefixedCrc32Valid(token: string): boolean {
  if (token.length < 4 + 6 + 1) return false;
  const body = token.slice(4, -6);
  return base62Decode(token.slice(-6)) === crc32(body);
}

/** A JWT whose header decodes to a JSON object with an `alg`. */
export function jwtValid(token: string): boolean {
  const [header, payload] = token.split('.');
  try {
    const decoded = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown;
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return typeof decoded === 'object' && decoded !== null && 'alg' in decoded && typeof body === 'object' && body !== null;
  } catch {
    return false;
  }
}

export const VALIDATORS: Record<'github-crc32' | 'npm-crc32' | 'jwt', (value: string) => boolean> = {
  'github-crc32': prefixedCrc32Valid,
  'npm-crc32': prefixedCrc32Valid,
  jwt: jwtValid,
};
