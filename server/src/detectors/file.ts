import { globMatcher } from '../engine/globs';
import { DetectorSpec } from './spec';
import { Detector } from '../engine/detector';

type FileSpec = Extract<DetectorSpec, { kind: 'file' }>;

/**
 * The file itself: committed although ignored, a binary key store by its first bytes, a key file
 * by name. One match on the first line (nothing for a binary file's text), valued by the path: a
 * file finding names a file, never a secret.
 */
export function fileDetector(spec: FileSpec): Detector {
  const named = spec.paths?.length ? globMatcher(spec.paths.map(anywhere)) : () => true;
  const excepted = spec.exceptPaths?.length ? globMatcher(spec.exceptPaths.map(anywhere)) : () => false;
  const magic = spec.magic?.map((m) => m.toLowerCase());
  return (file) => {
    if (spec.committedIgnored && !file.facts.committedIgnored) return [];
    if (magic && !magic.some((m) => file.facts.binaryHead?.startsWith(m))) return [];
    if (!named(file.path) || excepted(file.path)) return [];
    const firstLine = file.text.indexOf('\n');
    return [{ start: 0, end: firstLine < 0 ? file.text.length : firstLine, value: file.path }];
  };
}

/** A glob without a slash matches the name anywhere (as in .gitignore). */
function anywhere(glob: string): string {
  return glob.includes('/') ? glob : `**/${glob}`;
}
