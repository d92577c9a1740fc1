import { Connection } from 'vscode-languageserver/node';

/** `vigil.*` settings the server reads (declared in package.json `contributes.configuration`). */
export interface Settings {
  include: string[];
  exclude: string[];
  scanOnStartup: boolean;
  debounceMs: number;
  maxFileSizeKb: number;
  rulePacks: string[];
  trustedPublicKeys: string[];
}

export const DEFAULT_SETTINGS: Settings = { include: [], exclude: [], scanOnStartup: true, debounceMs: 150, maxFileSizeKb: 1024, rulePacks: [], trustedPublicKeys: [] };

/** Reads settings, falling back field by field to defaults when a value has the wrong type. */
export async function readSettings(connection: Connection, supported: boolean): Promise<{ settings: Settings; problems: string[] }> {
  if (!supported) return { settings: DEFAULT_SETTINGS, problems: [] };
  const raw: unknown = await connection.workspace.getConfiguration('vigil');
  return validateSettings(raw);
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
  const nonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  return {
    settings: {
      include: pick('include', stringArray, 'must be a list of glob strings'),
      exclude: pick('exclude', stringArray, 'must be a list of glob strings'),
      scanOnStartup: pick('scanOnStartup', (v) => typeof v === 'boolean', 'must be true or false'),
      debounceMs: pick('debounceMs', nonNegative, 'must be a number of milliseconds'),
      maxFileSizeKb: pick('maxFileSizeKb', nonNegative, 'must be a number of kilobytes'),
      rulePacks: pick('rulePacks', stringArray, 'must be a list of pack paths, npm package names or https:// URLs with #sha256='),
      trustedPublicKeys: pick('trustedPublicKeys', stringArray, 'must be a list of Ed25519 public keys (PEM)'),
    },
    problems,
  };
}
