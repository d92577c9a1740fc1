import { createRequire } from 'node:module';
import { CodeCacheLoad, loadWithCodeCache } from '../codeCache';

// Loads the bundled TypeScript compiler (dist/typescript.js, see scripts/build.mjs). Compiling its
// 3.5 MB costs every process and every scan worker ~0.25 s; with V8's code cache (bytecode kept in
// a file beside the result cache, see codeCache.ts) it takes ~0.08 s.

let cacheDir: string | undefined;
let writable = false;
let loaded: CodeCacheLoad | undefined;

/** How the compiler was loaded: from a verified code cache, compiled because a cache did not verify, or without one. */
export function compilerCodeCacheUse(): 'used' | 'rejected' | 'none' {
  return loaded?.use ?? 'none';
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
  loaded = loadWithCodeCache(file, cacheDir, 'compiler', { write: writable });
  return loaded.exports;
}

/**
 * Writes the code cache if the compiler was compiled without one. Best called after a scan: the
 * cache then also holds the functions the scan compiled. Returns a problem to report, or undefined.
 */
export function saveCompilerCodeCache(): string | undefined {
  const problem = loaded?.save();
  return problem && `compiler ${problem}: the next run compiles the TypeScript compiler again`;
}
