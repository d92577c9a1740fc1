import { CONTEXT_KINDS, type ContextKind, type EnginePack } from './model';
import { globMatcher } from './globs';

// What kind of file a path is (translation, non-production, prose, browser), from the globs of the pack in
// force: the same shape means something else in a test, a message catalogue or a README.

const matchers = new WeakMap<EnginePack, Array<[ContextKind, (path: string) => boolean]>>();

export function fileContexts(pack: EnginePack, path: string): Set<ContextKind> {
  let tests = matchers.get(pack);
  if (!tests) {
    tests = CONTEXT_KINDS.filter((k) => pack.contexts[k].length > 0).map((k) => [k, globMatcher(pack.contexts[k])]);
    matchers.set(pack, tests);
  }
  const kinds = new Set<ContextKind>();
  for (const [kind, test] of tests) if (test(path)) kinds.add(kind);
  return kinds;
}
