import builtinJson from '../../../rules/builtin.json';
import { compilePack, LoadedPack } from './load';

let cached: LoadedPack | undefined;

/** The built-in pack shipped in `rules/builtin.json`, compiled once per process. */
export function builtinPack(): LoadedPack {
  cached ??= compilePack(builtinJson as unknown, 'built-in');
  return cached;
}
