import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Caches that a scan trusts (results of unchanged files, the compiler's V8 bytecode) sit in folders
// CI keeps between runs and other tools can write. Each is signed with a key kept outside them, in
// the user's configuration folder, readable by the user only: an edited entry (a finding emptied,
// bytecode patched) no longer verifies and is recomputed.

let cached: { key?: Buffer; problem?: string } | undefined;

function keyFile(): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'vigil', 'cache-key');
}

/** The signing key, created on first use (0600 in a 0700 folder); a problem instead when it cannot be kept. */
export function integrityKey(): { key?: Buffer; problem?: string } {
  if (cached) return cached;
  const file = keyFile();
  try {
    cached = { key: fs.readFileSync(file) };
    if (cached.key!.length < 32) throw Object.assign(new Error('too short'), { code: 'EKEY' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      cached = { problem: `the cache signing key ${file} cannot be used (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): caches are off` };
      return cached;
    }
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const key = randomBytes(32);
      // 'wx': never replace a key another process has just written.
      fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
      cached = { key };
    } catch (writeErr) {
      if ((writeErr as NodeJS.ErrnoException).code === 'EEXIST') {
        cached = undefined;
        return integrityKey();
      }
      cached = { problem: `the cache signing key cannot be created in ${path.dirname(file)} (${(writeErr as NodeJS.ErrnoException).code ?? (writeErr as Error).message}): caches are off` };
    }
  }
  return cached;
}

/**
 * What `sign(key, body)` gives for a body of `bytes` UTF-8 bytes, fed piece by piece: a large
 * body is hashed between other work instead of in one go.
 */
export function bodySigner(key: Buffer, bytes: number): { update(piece: string): void; digest(): string } {
  const h = createHmac('sha256', key).update(`${bytes}:`);
  return {
    update: (piece) => void h.update(piece, 'utf8'),
    digest: () => h.digest('hex'),
  };
}

/** HMAC-SHA-256 of `parts` (joined unambiguously), hex. */
export function sign(key: Buffer, ...parts: Array<string | Buffer>): string {
  const h = createHmac('sha256', key);
  for (const p of parts) {
    const data = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    h.update(`${data.length}:`).update(data);
  }
  return h.digest('hex');
}
