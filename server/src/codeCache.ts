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
// runs: only a cache signed with the user's key (integrity.ts) is given to V8.

export interface CodeCacheLoad {
  exports: unknown;
  /** 'used': compiled from a verified cache; 'rejected': a cache did not verify; 'none': no cache yet. */
  use: 'used' | 'rejected' | 'none';
  /** Writes the cache if the source was compiled without one; returns a problem, or undefined. */
  save(): string | undefined;
}

/** Runs `file` as a CommonJS module (`require.main` set to it when `main`), with its code cache in `cacheDir`. */
export function loadWithCodeCache(file: string, cacheDir: string, name: string, options: { write: boolean; main?: boolean }): CodeCacheLoad {
  const source = fs.readFileSync(file, 'utf8').replace(/^#!.*/, '');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
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
  if (cachedData !== undefined && !script.cachedDataRejected) use = 'used';
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
      return writeCodeCache(cacheFile, script);
    },
  };
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
