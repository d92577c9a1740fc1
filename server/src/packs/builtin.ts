import coreJson from '../../../rules/builtin.json';
import providersJson from '../../../rules/providers.json';
import { compilePack, LoadedPack } from './load';

let cached: LoadedPack | undefined;

/**
 * The built-in pack: `rules/builtin.json` (core rules) plus `rules/providers.json` (provider
 * credential formats), both in the rule-pack format a team lead writes. Compiled once per process.
 */
export function builtinPack(): LoadedPack {
  cached ??= compilePack({ ...coreJson, rules: [...coreJson.rules, ...providersJson.rules], providers: providersJson.providers } as unknown, 'built-in');
  return cached;
}
