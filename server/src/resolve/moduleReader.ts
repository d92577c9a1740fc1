import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ts } from '../syntax/typescript';
import { ModuleReader } from '../syntax/evaluate';

/** Modules bigger than this are generated code, not where constants live. */
const MAX_MODULE_BYTES = 512 * 1024;
/** How much module text one scan keeps for re-use (characters), and how many modules. */
const MAX_CACHED_BYTES = 16 * 1024 * 1024;
const MAX_CACHED_MODULES = 4096;

// Built on first use, not at load: the compiler loads lazily (see scripts/build.mjs).
let compilerOptions: ts.CompilerOptions | undefined;
const resolutionOptions = (): ts.CompilerOptions => (compilerOptions ??= { allowJs: true, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, resolveJsonModule: false });

/**
 * Reads workspace modules for cross-file constants (`import { ALGO } from './config'`), resolving
 * specifiers the way TypeScript does (extensions, index files, `.js` → `.ts`) with the compiler that
 * ts-morph bundles. Only files inside `root` (which relative paths are resolved from) or one of
 * the `alsoInside` folders (folders scanned outside it: `vigil scan ../api`), never `node_modules`
 * or declaration files. Opened documents win over the disk (`overlay`).
 */
export function workspaceModuleReader(
  root: string,
  overlay?: (absolute: string) => string | undefined,
  options: { alsoInside?: readonly string[]; limits?: { bytes: number; modules: number } } = {},
): ModuleReader {
  const limits = options.limits ?? { bytes: MAX_CACHED_BYTES, modules: MAX_CACHED_MODULES };
  const folders = [root, ...(options.alsoInside ?? [])];
  // Bounded: a scan of a big monorepo must not end up holding every imported module's text. The
  // most recently used stay (siblings import the same few config modules).
  const texts = new Map<string, string | undefined>();
  let textBytes = 0;
  const remember = (file: string, text: string | undefined): void => {
    texts.set(file, text);
    textBytes += text?.length ?? 0;
    for (const [oldest, t] of texts) {
      if (textBytes <= limits.bytes && texts.size <= limits.modules) break;
      texts.delete(oldest);
      textBytes -= t?.length ?? 0;
    }
  };
  const recall = (file: string): string | undefined => {
    const text = texts.get(file);
    // Most recently used last, so the oldest is dropped first.
    texts.delete(file);
    texts.set(file, text);
    return text;
  };
  // Functions, not `ts.sys.realpath` read here: that would load the compiler when a scan starts,
  // though a rescan of an unchanged tree may never resolve a module.
  const host: ts.ModuleResolutionHost = {
    fileExists: (f) => overlay?.(f) !== undefined || ts.sys.fileExists(f),
    readFile: (f) => overlay?.(f) ?? ts.sys.readFile(f),
    directoryExists: (d) => ts.sys.directoryExists?.(d) ?? true,
    realpath: (p) => ts.sys.realpath?.(p) ?? p,
  };
  const inside = (f: string): boolean =>
    folders.some((folder) => {
      const rel = path.relative(folder, f);
      return !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).includes('node_modules');
    });
  return {
    read(fromPath, specifier) {
      const from = path.resolve(root, fromPath);
      const resolved = ts.resolveModuleName(specifier, from, resolutionOptions(), host).resolvedModule?.resolvedFileName;
      if (!resolved || resolved.endsWith('.d.ts') || !inside(resolved)) return undefined;
      const text = texts.has(resolved) ? recall(resolved) : readModule(resolved, overlay);
      if (!texts.has(resolved)) remember(resolved, text);
      return text === undefined ? undefined : { path: resolved, text };
    },
    textOf(file) {
      if (texts.has(file)) return recall(file);
      const text = readModule(file, overlay);
      remember(file, text);
      return text;
    },
  };
}

function readModule(file: string, overlay?: (absolute: string) => string | undefined): string | undefined {
  const open = overlay?.(file);
  if (open !== undefined) return open;
  try {
    if (statSync(file).size > MAX_MODULE_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
