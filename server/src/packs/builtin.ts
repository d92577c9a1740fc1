import coreJson from '../../../rules/builtin.json';
import credentialsJson from '../../../rules/credentials.json';
import providerTableJson from '../../../rules/providers/table.json';
import { compilePack, LoadedPack } from './load';
import { ProviderTable, providerRules } from './providerTable';

let cached: LoadedPack | undefined;

/**
 * The built-in pack as one pack in the format a team lead writes: `rules/builtin.json` (core
 * rules), the provider credential formats generated from `rules/providers/table.json`, and
 * `rules/credentials.json` (private keys, connection strings and other formats of no single
 * provider). Compiled once per process.
 */
export function builtinJson(): Record<string, unknown> {
  const providers = providerRules(providerTableJson as unknown as ProviderTable);
  return {
    ...coreJson,
    rules: [...coreJson.rules, ...providers.rules, ...credentialsJson.rules],
    providers: [...providers.providers, ...credentialsJson.providers],
  };
}

export function builtinPack(): LoadedPack {
  cached ??= compilePack(builtinJson(), 'built-in', { deferDetectors: true });
  return cached;
}
