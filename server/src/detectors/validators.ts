// Offline validation of secret formats that carry a checksum or a structure. Never a network call:
// a match that passes is ranked `validated`, one that fails is likely a made-up or test value.

import { isPlaceholder } from '../engine/placeholder';
import { ValidatorName } from './spec';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// A table CRC-32, not zlib's: the checksums here cover a few dozen characters, and loading zlib
// cost every CLI run 2 ms whether a token was checked or not.
let crcTable: Uint32Array | undefined;

export function crc32(text: string): number {
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

/** A JWT whose `exp` claim (seconds since 1970) is in the past: a server that checks it refuses the token. */
export function jwtExpired(token: string, now = Date.now()): boolean {
  try {
    const body = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof body.exp === 'number' && body.exp * 1000 < now;
  } catch {
    return false;
  }
}

/**
 * What an offline check says of a matched value. `valid`: its checksum or structure holds
 * (confidence validated). `invalid`: it does not, so probably not live (still reported, heuristic).
 * `plain`: nothing to verify, nothing wrong (the rule's confidence). `none`: not a secret of this
 * kind at all (a certificate where a key was looked for, a placeholder once decoded): no finding.
 * `expired`: well-formed, but its own expiry date is past (a JWT's `exp`): reported at info.
 */
export type Validity = 'valid' | 'invalid' | 'plain' | 'none' | 'expired';

/** Text a base64 value decodes to, when it is well-formed base64 of printable UTF-8; else undefined. */
export function decodeBase64Text(value: string): string | undefined {
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  const text = bytes.toString('utf8');
  // A round trip that changes the bytes means they were not UTF-8 (binary key material, random bytes).
  if (!Buffer.from(text, 'utf8').equals(bytes)) return undefined;
  return /^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/.test(text) ? text : undefined;
}

/** A PEM private key block with a body (headers such as Proc-Type or Version allowed), not a header alone. */
const PEM_PRIVATE_KEY =
  /^-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----\r?\n(?:[\w-]+: [^\n]*\r?\n)*(?:\r?\n)?[A-Za-z0-9+/=]{40}|^-----BEGIN PGP PRIVATE KEY BLOCK-----\r?\n(?:[\w-]+: [^\n]*\r?\n)*\r?\n?[A-Za-z0-9+/=]{40}/;

/**
 * `LS0tLS1CRUdJTi…` (Kubernetes `tls.key`, Helm values, CI variables): base64 of a PEM block. Only
 * a private key counts; a certificate or public key (`tls.crt`) is meant to be shared.
 */
export function base64PrivateKey(value: string): Validity {
  // Node decodes as far as the text goes: a value cut at a line end still shows its header and first body line.
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  return PEM_PRIVATE_KEY.test(decoded) ? 'valid' : 'none';
}

/** A value a deployment tool fills in: Helm/Go templates, shell and envsubst variables, ERB. */
const TEMPLATED = /\{\{|\$\{|\$\(|^\$[A-Za-z_]|<%|#\{/;

/**
 * A value under a Kubernetes Secret's `data` (base64) or `stringData` (plain text). Judged by what
 * it decodes to: `Y2hhbmdlbWU=` is `changeme`. Certificates and public keys in a Secret are not secret.
 */
export function kubernetesSecretValue(value: string): Validity {
  const v = value.trim();
  if (v === '' || v === '~' || TEMPLATED.test(v)) return 'none';
  const plain = (decodeBase64Text(v) ?? v).trim();
  if (/^-----BEGIN (?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|X509 CRL|CERTIFICATE REQUEST)-----/.test(plain)) return 'none';
  // true, false, a port: settings kept next to the secret, not secrets.
  if (/^(?:true|false|yes|no|on|off|\d{1,5})$/i.test(plain)) return 'none';
  return isPlaceholder(plain) ? 'none' : 'plain';
}

/**
 * `Basic dXNlcjpwYXNz` (RFC 7617): base64 of `user:password`. Anything else after `Basic` is prose
 * or another scheme's token; a placeholder pair (`user:pass`, `<user>:<password>`) or the user name
 * reused as password (`admin:admin`, a local default) is no finding.
 */
export function basicCredentials(value: string): Validity {
  const token = value.replace(/^basic\s+/i, '');
  const padded = token.length % 4 === 0 ? token : token.length % 4 === 1 ? '' : token + '='.repeat(4 - (token.length % 4));
  const decoded = decodeBase64Text(padded);
  if (decoded === undefined || !/^[\x20-\x7e\u00a0-\uffff]+$/.test(decoded)) return 'none';
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'none';
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (password === '' || TEMPLATED.test(decoded)) return 'none';
  if (isPlaceholder(password, user || undefined) || isPlaceholder(decoded)) return 'none';
  // `1234`, `123456`: the digits typed to fill a password field in a fixture (placeholder.ts counts runs from 6 up).
  if (password.length >= 3 && '1234567890'.startsWith(password)) return 'none';
  return 'plain';
}

const checksum =
  (check: (value: string) => boolean) =>
  (value: string): Validity =>
    check(value) ? 'valid' : 'invalid';

export const VALIDATORS: Record<ValidatorName, (value: string) => Validity> = {
  'github-crc32': checksum(prefixedCrc32Valid),
  'npm-crc32': checksum(prefixedCrc32Valid),
  jwt: (value) => (!jwtValid(value) ? 'invalid' : jwtExpired(value) ? 'expired' : 'valid'),
  'base64-private-key': base64PrivateKey,
  'kubernetes-secret-value': kubernetesSecretValue,
  'basic-credentials': basicCredentials,
};
