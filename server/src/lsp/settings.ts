import { Connection } from 'vscode-languageserver/node';
import { globProblem } from '../engine/globs';
import { NON_PRODUCTION_MODES, NonProductionMode } from '../packs/types';

/** `vigil.*` settings the server reads (declared in package.json `contributes.configuration`). */
export interface Settings {
  include: string[];
  exclude: string[];
  scanOnStartup: boolean;
  debounceMs: number;
  maxFileSizeKb: number;
  rulePacks: string[];
  trustedPublicKeys: string[];
  /** VS Code's `files.exclude` globs that are on: hidden files are not scanned either. */
  filesExclude: string[];
  /** Findings in tests, fixtures and examples: `default` leaves it to the packs' policy (one severity lower). */
  nonProductionCode: 'default' | NonProductionMode;
}

export const DEFAULT_SETTINGS: Settings = {
  include: [],
  exclude: [],
  scanOnStartup: true,
  debounceMs: 150,
  maxFileSizeKb: 1024,
  rulePacks: [],
  trustedPublicKeys: [],
  filesExclude: [],
  nonProductionCode: 'default',
};

/** Reads settings, falling back field by field to defaults when a value has the wrong type. */
export async function readSettings(connection: Connection, supported: boolean): Promise<{ settings: Settings; problems: string[] }> {
  if (!supported) return { settings: DEFAULT_SETTINGS, problems: [] };
  const [raw, filesExclude] = (await connection.workspace.getConfiguration([{ section: 'vigil' }, { section: 'files.exclude' }])) as unknown[];
  const read = validateSettings(raw);
  read.settings.filesExclude = enabledGlobs(filesExclude);
  return read;
}

/**
 * `files.exclude` is `{ glob: true | false | { when } }`; globs set to `true` apply (a `when`
 * clause depends on sibling files, which a scan does not model: those stay scanned). A glob that
 * names a folder hides what is inside it too.
 */
export function enabledGlobs(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null) return [];
  return Object.entries(raw as Record<string, unknown>)
    .filter(([, on]) => on === true)
    .flatMap(([glob]) => [glob, `${glob.replace(/\/+$/, '')}/**`]);
}

export function validateSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const obj = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const pick = <K extends keyof Settings>(key: K, ok: (v: unknown) => boolean, hint: string): Settings[K] => {
    const v = obj[key];
    if (v === undefined || v === null) return DEFAULT_SETTINGS[key];
    if (ok(v)) return v as Settings[K];
    problems.push(`Setting vigil.${key} ${hint}; using the default.`);
    return DEFAULT_SETTINGS[key];
  };
  const stringArray = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');
  // A glob that can never work is reported and left out; the other globs still apply.
  const usableGlobs = (key: 'include' | 'exclude'): string[] =>
    pick(key, stringArray, 'must be a list of glob strings').filter((glob) => {
      const problem = globProblem(glob);
      if (problem) problems.push(`Setting vigil.${key}: "${glob}" ${problem}; it is ignored.`);
      return !problem;
    });
  const nonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  return {
    settings: {
      include: usableGlobs('include'),
      exclude: usableGlobs('exclude'),
      scanOnStartup: pick('scanOnStartup', (v) => typeof v === 'boolean', 'must be true or false'),
      debounceMs: pick('debounceMs', nonNegative, 'must be a number of milliseconds'),
      maxFileSizeKb: pick('maxFileSizeKb', nonNegative, 'must be a number of kilobytes'),
      rulePacks: pick('rulePacks', stringArray, 'must be a list of pack paths, npm package names or https:// URLs with #sha256='),
      trustedPublicKeys: pick('trustedPublicKeys', stringArray, 'must be a list of Ed25519 public keys (PEM)'),
      filesExclude: [],
      nonProductionCode: pick('nonProductionCode', (v) => v === 'default' || (NON_PRODUCTION_MODES as readonly unknown[]).includes(v), `must be default, ${NON_PRODUCTION_MODES.join(', ')}`),
    },
    problems,
  };
}
