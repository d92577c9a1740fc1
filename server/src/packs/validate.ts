import type { ErrorObject } from 'ajv';
import { packValidator } from './packValidator';

// The pack format's single description is rules/pack.schema.json: every pack that is not built in
// is checked against it (ajv) before anything is compiled, in the CLI, `pack test` and the editor
// alike. A rule with a mistake is left out (never compiled half-way), the rest of the pack loads.

export interface SchemaProblem {
  /** `rules[1].detector.keywords`, the form problems and their line lookup use. */
  path: string;
  message: string;
  /** `rules[1]` for a rule (left out), or the top-level section (`policy`, `allow`…). */
  unit: string;
}

export function schemaProblems(json: unknown): SchemaProblem[] {
  const check = packValidator();
  if (check(json)) return [];
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of check.errors ?? []) {
    // A failed `if`/`oneOf` summary repeats what its branch said.
    if (e.keyword === 'oneOf' || e.keyword === 'if' || e.keyword === 'anyOf') continue;
    const segments = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const at = segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i > 0 ? '.' : ''}${s}`)).join('');
    const message = humanize(e);
    if (seen.has(`${at}\0${message}`)) continue;
    seen.add(`${at}\0${message}`);
    const unit = segments[0] === 'rules' && segments[1] !== undefined ? `rules[${segments[1]}]` : (segments[0] ?? '');
    out.push({ path: at, message, unit });
  }
  return out;
}

function humanize(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `must be ${/^[aeiou]/.test(String(p.type)) ? 'an' : 'a'} ${String(p.type)}`;
    case 'additionalProperties':
      return `has an unknown property "${String(p.additionalProperty)}" (check its spelling against the schema)`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'required':
      return `needs "${String(p.missingProperty)}"`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must have at least ${String(p.limit)} characters`;
    case 'discriminator': {
      // The values the branches accept, read from the schema itself.
      const branches = (e.parentSchema as { oneOf?: Array<{ properties?: Record<string, { const?: unknown }> }> } | undefined)?.oneOf ?? [];
      const allowed = branches.map((b) => b.properties?.[String(p.tag)]?.const).filter((v) => v !== undefined);
      return p.error === 'mapping' ? `"${String(p.tag)}" must be one of ${allowed.join(', ')}` : `needs "${String(p.tag)}"`;
    }
    default:
      return e.message ?? e.keyword;
  }
}
