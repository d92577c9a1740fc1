import { parseArgs, ParseArgsConfig } from 'node:util';

/** A usage mistake: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {}

export type FlagKind = 'string' | 'boolean' | 'multi' | 'optional';

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string[]>;
}

/**
 * `--flag value`, `--flag=value`, repeatable flags and flags with an optional value
 * (`--changed` or `--changed=REF`), read with node's `util.parseArgs`. Unknown flags, a missing
 * value, a value given to a flag that takes none and a flag given twice are usage errors.
 */
export function parseFlags(argv: string[], spec: Record<string, FlagKind>): ParsedArgs {
  const kindOf = (name: string): FlagKind | undefined => (Object.hasOwn(spec, name) ? spec[name] : undefined);
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, kind] of Object.entries(spec)) options[name] = kind === 'boolean' ? { type: 'boolean' } : { type: 'string', multiple: kind === 'multi' };
  // parseArgs has no optional values: a bare `--changed` is read as `--changed=` (empty: the
  // command's default, HEAD for --changed), and `--changed REF` leaves REF a path, as before.
  const args = argv.map((arg) => (arg.startsWith('--') && !arg.includes('=') && kindOf(arg.slice(2)) === 'optional' ? `${arg}=` : arg));
  // Not strict: parseArgs splits the arguments, the checks below say what is wrong in Vigil's words.
  const { values, tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  const out: ParsedArgs = { positional: [], values: new Map() };
  for (const token of tokens) {
    if (token.kind === 'positional') {
      out.positional.push(token.value);
      continue;
    }
    // `--` ends nothing here: no command takes paths that start with a dash.
    if (token.kind === 'option-terminator') throw new UsageError('unknown option --');
    const flag = token.rawName;
    // Short options (`-x`, `-abc`): none exist; named as written.
    if (!flag.startsWith('--')) throw new UsageError(`unknown option ${argv[token.index]}`);
    const kind = kindOf(token.name);
    if (!kind) throw new UsageError(`unknown option ${flag}`);
    if (kind === 'boolean' && token.value !== undefined) throw new UsageError(`${flag} takes no value`);
    // A value that is the next flag (`--output --format json`) was not meant as one.
    if ((kind === 'string' || kind === 'multi') && (token.value === undefined || (!token.inlineValue && /^--[a-z]/.test(token.value)))) throw new UsageError(`${flag} needs a value`);
    if (kind !== 'multi' && out.values.has(token.name)) throw new UsageError(`${flag} given twice`);
    out.values.set(token.name, []);
  }
  for (const name of out.values.keys()) {
    const value = values[name];
    out.values.set(name, Array.isArray(value) ? value.map(String) : [String(value)]);
  }
  return out;
}

export function one<T extends string>(args: ParsedArgs, key: string, allowed?: readonly T[]): T | undefined {
  const v = args.values.get(key)?.[0];
  if (v !== undefined && allowed && !allowed.includes(v as T)) throw new UsageError(`--${key} must be ${allowed.join(', ')} (got "${v}")`);
  return v as T | undefined;
}
