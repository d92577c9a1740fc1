import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ts } from '../syntax/typescript';
import { ModuleReader } from '../syntax/evaluate';

/** Modules bigger than this are generated code, not where constants live. */
const MAX_MODULE_BYTES = 512 * 1024;

// Built on first use, not at load: the compiler loads lazily (see scripts/build.mjs).
let compilerOptions: ts.CompilerOptions | undefined;
const resolutionOptions = (): ts.CompilerOptions => (compilerOptions ??= { allowJs: true, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, resolveJsonModule: false });

/**
 * Reads workspace modules for cross-file constants (`import { ALGO } from './config'`), resolving
 * specifiers the way TypeScript does (extensions, index files, `.js` → `.ts`) with the compiler that
 * ts-morph bundles. Only files inside `root`, never `node_modules` or declaration files. Opened
 * documents win over the disk (`overlay`).
 */
export function workspaceModuleReader(root: string, overlay?: (absolute: string) => string | undefined): ModuleReader {
  const texts = new Map<string, string | undefined>();
  // Functions, not `ts.sys.realpath` read here: that would load the compiler when a scan starts,
  // though a rescan of an unchanged tree may never resolve a module.
  const host: ts.ModuleResolutionHost = {
    fileExists: (f) => overlay?.(f) !== undefined || ts.sys.fileExists(f),
    readFile: (f) => overlay?.(f) ?? ts.sys.readFile(f),
    directoryExists: (d) => ts.sys.directoryExists?.(d) ?? true,
    realpath: (p) => ts.sys.realpath?.(p) ?? p,
  };
  const inside = (f: string): boolean => {
    const rel = path.relative(root, f);
    return !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).includes('node_modules');
  };
  return {
    read(fromPath, specifier) {
      const from = path.resolve(root, fromPath);
      const resolved = ts.resolveModuleName(specifier, from, resolutionOptions(), host).resolvedModule?.resolvedFileName;
      if (!resolved || resolved.endsWith('.d.ts') || !inside(resolved)) return undefined;
      if (!texts.has(resolved)) texts.set(resolved, readModule(resolved, overlay));
      const text = texts.get(resolved);
      return text === undefined ? undefined : { path: resolved, text };
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
