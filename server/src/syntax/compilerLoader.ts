import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire, wrap } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { integrityKey, sign } from '../integrity';

// Loads the bundled TypeScript compiler (dist/typescript.js, see scripts/build.mjs). Compiling its
// 3.5 MB costs every process and every scan worker ~0.25 s; with V8's code cache (bytecode kept in
// a file beside the result cache) it takes ~0.08 s. The cache file is named after the compiler's
// content hash, Node's version and the architecture, so it is only ever given to the same source
// on the same V8 (which rejects it otherwise, and the compiler is then compiled normally).

let cacheDir: string | undefined;
let writable = false;
let loaded: { script: vm.Script; cacheFile: string; fromCache: boolean } | undefined;
let rejectedCodeCache = false;

/** How the compiler was loaded: from a verified code cache, compiled because a cache did not verify, or without one. */
export function compilerCodeCacheUse(): 'used' | 'rejected' | 'none' {
  return loaded?.fromCache ? 'used' : rejectedCodeCache ? 'rejected' : 'none';
}

/**
 * Where the code cache lives (undefined: no cache). Call before the compiler is first used.
 * Scan workers read the cache but leave writing it to the thread that started them.
 */
export function useCompilerCodeCache(dir: string | undefined, options: { write: boolean } = { write: true }): void {
  cacheDir = dir;
  writable = options.write;
}

export function compilerCodeCacheDir(): string | undefined {
  return cacheDir;
}

/** Called by the bundles' lazy `ts` (scripts/build.mjs) on first use. */
export function loadCompiler(file: string): unknown {
  if (cacheDir === undefined) return createRequire(file)(file);
  const source = fs.readFileSync(file, 'utf8');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const cacheFile = path.join(cacheDir, `compiler-${hash}-${process.version}-${process.arch}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
    // Bytecode runs: only a cache signed with the user's key (see integrity.ts) is given to V8.
    const { key } = integrityKey();
    if (!key || fs.readFileSync(`${cacheFile}.mac`, 'utf8') !== sign(key, cachedData)) {
      cachedData = undefined;
      rejectedCodeCache = true;
    }
  } catch {
    // Not made yet (or no signature): compiled normally, and written after the first scan (saveCompilerCodeCache).
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  loaded = { script, cacheFile, fromCache: cachedData !== undefined && !script.cachedDataRejected };
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

/**
 * Writes the code cache if the compiler was compiled without one. Best called after a scan: the
 * cache then also holds the functions the scan compiled. Returns a problem to report, or undefined.
 */
export function saveCompilerCodeCache(): string | undefined {
  if (!loaded || loaded.fromCache || !writable) return undefined;
  const { script, cacheFile } = loaded;
  loaded.fromCache = true;
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    const { key, problem } = integrityKey();
    if (!key) return problem;
    const data = script.createCachedData();
    fs.writeFileSync(temporary, data, { mode: 0o600 });
    fs.writeFileSync(`${cacheFile}.mac`, sign(key, data), { mode: 0o600 });
    fs.renameSync(temporary, cacheFile);
    return undefined;
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    return `compiler code cache not written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): the next run compiles the TypeScript compiler again`;
  }
}
