/** A usage mistake: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {}

export type FlagKind = 'string' | 'boolean' | 'multi' | 'optional';

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string[]>;
}

/**
 * `--flag value`, `--flag=value`, repeatable flags and flags with an optional value
 * (`--changed` or `--changed=REF`). Unknown flags are usage errors.
 */
export function parseFlags(argv: string[], spec: Record<string, FlagKind>): ParsedArgs {
  const out: ParsedArgs = { positional: [], values: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option ${arg}`);
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const kind = spec[flag.slice(2)];
    if (!kind) throw new UsageError(`unknown option ${flag}`);
    let value: string;
    if (kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      value = 'true';
    } else if (kind === 'optional') {
      value = inline ?? '';
    } else {
      const next = inline ?? argv[++i];
      if (next === undefined || (inline === undefined && /^--[a-z]/.test(next))) throw new UsageError(`${flag} needs a value`);
      value = next;
    }
    const key = flag.slice(2);
    if (kind !== 'multi' && out.values.has(key)) throw new UsageError(`${flag} given twice`);
    out.values.set(key, [...(out.values.get(key) ?? []), value]);
  }
  return out;
}

export function one<T extends string>(args: ParsedArgs, key: string, allowed?: readonly T[]): T | undefined {
  const v = args.values.get(key)?.[0];
  if (v !== undefined && allowed && !allowed.includes(v as T)) throw new UsageError(`--${key} must be ${allowed.join(', ')} (got "${v}")`);
  return v as T | undefined;
}
