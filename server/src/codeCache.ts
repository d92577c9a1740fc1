import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire, wrap } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { integrityKey, sign } from './integrity';

// Loads a CommonJS bundle through V8's code cache: bytecode kept in a file, so a process does not
// compile the same megabytes of JavaScript again. The cache file is named after the source's
// content hash, Node's version and the architecture, so it is only ever given to the same source
// on the same V8 (which rejects it otherwise, and the source is then compiled normally). Bytecode
// runs: only a cache signed with the user's key (integrity.ts) is given to V8. Each build and Node
// release makes new files; those no process has used for a month are removed when one is written.

const DAY_MS = 24 * 3600 * 1000;
/** A cache unused for this long belongs to a Vigil or Node no longer run here. */
const UNUSED_FOR_MS = 30 * DAY_MS;

export interface CodeCacheLoad {
  exports: unknown;
  /** 'used': compiled from a verified cache; 'rejected': a cache did not verify; 'none': no cache yet. */
  use: 'used' | 'rejected' | 'none';
  /** Writes the cache if the source was compiled without one; returns a problem, or undefined. */
  save(): string | undefined;
}

/** Runs `file` as a CommonJS module (`require.main` set to it when `main`), with its code cache in `cacheDir`. */
export function loadWithCodeCache(file: string, cacheDir: string, name: string, options: { write: boolean; main?: boolean }): CodeCacheLoad {
  // Hashed as bytes and decoded once: hashing the decoded string would encode 9 MB again, and an
  // all-ASCII file (the bundles are) decodes as Latin-1 in a quarter of UTF-8's time.
  const bytes = fs.readFileSync(file);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8').replace(/^#!.*/, '');
  const cacheFile = path.join(cacheDir, `${name}-${hash}-${process.version}-${process.arch}.v8cache`);
  let cachedData: Buffer | undefined;
  let use: CodeCacheLoad['use'] = 'none';
  try {
    cachedData = fs.readFileSync(cacheFile);
    const { key } = integrityKey();
    if (!key || fs.readFileSync(`${cacheFile}.mac`, 'utf8') !== sign(key, cachedData)) {
      cachedData = undefined;
      use = 'rejected';
    }
  } catch {
    // Not made yet (or no signature): compiled normally, and written by save().
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  if (cachedData !== undefined && !script.cachedDataRejected) {
    use = 'used';
    markUsed(cacheFile);
  }
  const module = { exports: {} as unknown, filename: file, id: file };
  const localRequire = createRequire(file);
  if (options.main) Object.defineProperty(localRequire, 'main', { value: module });
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, localRequire, module, file, path.dirname(file));
  let saved = use === 'used' || !options.write;
  return {
    exports: module.exports,
    use,
    save() {
      if (saved) return undefined;
      saved = true;
      const problem = writeCodeCache(cacheFile, script);
      if (!problem) removeUnused(cacheDir, name, path.basename(cacheFile));
      return problem;
    },
  };
}

/** A cache's modification time says when it was last used (refreshed once a day at most: one stat per run). */
function markUsed(cacheFile: string): void {
  try {
    const now = Date.now();
    if (now - fs.statSync(cacheFile).mtimeMs > DAY_MS) fs.utimesSync(cacheFile, now / 1000, now / 1000);
  } catch {
    // A read-only cache folder: the cache still works, it may only be removed sooner.
  }
}

/** Removes `name`'s caches (and their signatures, and temporary files) unused for a month, except `keep`. */
function removeUnused(cacheDir: string, name: string, keep: string): void {
  try {
    const now = Date.now();
    for (const file of fs.readdirSync(cacheDir)) {
      if (!file.startsWith(`${name}-`) || file === keep || !/\.v8cache(?:\.\d+\.tmp)?$/.test(file)) continue;
      const full = path.join(cacheDir, file);
      if (now - fs.statSync(full).mtimeMs < UNUSED_FOR_MS) continue;
      fs.rmSync(full, { force: true });
      fs.rmSync(`${full}.mac`, { force: true });
    }
  } catch {
    // Best effort: a file another process removed first, a folder that cannot be listed.
  }
}

function writeCodeCache(cacheFile: string, script: vm.Script): string | undefined {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    const { key, problem } = integrityKey();
    if (!key) return problem;
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    // After a run, the cache also holds the functions that run compiled.
    const data = script.createCachedData();
    fs.writeFileSync(temporary, data, { mode: 0o600 });
    fs.writeFileSync(`${cacheFile}.mac`, sign(key, data), { mode: 0o600 });
    fs.renameSync(temporary, cacheFile);
    return undefined;
  } catch (err) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Its folder could not be made (ENOTDIR): there is no temporary file to remove.
    }
    return `code cache not written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
}
