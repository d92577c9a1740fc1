import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compile } from 'json-schema-to-typescript';
import ts from 'typescript';
import packSchema from '../../rules/pack.schema.json';

// rules/pack.schema.json is the contract; the TypeScript types the loader and the detectors are
// written against (packs/types.ts, detectors/spec.ts) must say the same. This test generates types
// from the schema and has the compiler check that each generated type and its hand-written twin
// are the same type: a property in one and not the other (optional or not), a different type or
// enum, or a missing `additionalProperties: false` (an index signature in the generated type)
// fails it, naming the pair.

const root = path.resolve(__dirname, '../..');
const written = (file: string): string => JSON.stringify(path.join(root, file).replace(/\.ts$/, ''));

/** Generated type, hand-written type; each pair is checked on its own so a failure says where. */
const PAIRS: Array<[name: string, generated: string, handWritten: string]> = [
  ['pack', 'G.Pack', 'W.RulePackJson'],
  ['rule', 'GRule', 'W.RuleJson'],
  ['rule example', 'Exclude<NonNullable<GRule["examples"]>["match"][number], string>', 'W.RuleExample'],
  ['detector', 'GRule["detector"]', 'W.DetectorSpec'],
  ...(['pattern', 'assignment', 'call', 'file', 'url'] as const).map((kind): [string, string, string] => [
    `detector ${kind}`,
    `Extract<GRule["detector"], { kind: "${kind}" }>`,
    `Extract<W.DetectorSpec, { kind: "${kind}" }>`,
  ]),
  ['assignment value', 'GAssignment["value"]', 'W.ValueCondition'],
  // `argument` and `exceptWhen` are one condition or a list of alternatives.
  ['call argument', 'Exclude<NonNullable<GCall["argument"]>, unknown[]>', 'W.ArgumentCondition'],
  ['call argument list', 'Extract<NonNullable<GCall["argument"]>, unknown[]>', 'W.ArgumentCondition[]'],
  ['call argument.value', 'Exclude<NonNullable<GCall["argument"]>, unknown[]>["value"]', 'W.ValueCondition'],
  ['call exceptWhen', 'Exclude<NonNullable<GCall["exceptWhen"]>, unknown[]>', 'W.ArgumentCondition'],
  ['call exceptWhen list', 'Extract<NonNullable<GCall["exceptWhen"]>, unknown[]>', 'W.ArgumentCondition[]'],
  ['fix', 'NonNullable<GRule["fix"]>', 'W.FixSpec'],
  ['override', 'NonNullable<G.Pack["overrides"]>[number]', 'W.RuleOverride'],
  ['allow', 'NonNullable<G.Pack["allow"]>', 'W.AllowList'],
  ['policy', 'NonNullable<G.Pack["policy"]>', 'W.Policy'],
  ['contexts', 'NonNullable<G.Pack["contexts"]>', 'W.Contexts'],
  ['tip', 'NonNullable<NonNullable<G.Pack["tips"]>[string]>', 'W.TopicTip'],
  ['provider', 'NonNullable<G.Pack["providers"]>[number]', 'W.ProviderJson'],
];

function checkSource(): string {
  return [
    `import type * as G from './generated';`,
    `import type * as W from ${written('server/src/packs/types.ts')};`,
    // Identical, not just assignable both ways: an optional property on one side only is a difference.
    'type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;',
    'type GRule = NonNullable<G.Pack["rules"]>[number];',
    'type GAssignment = Extract<GRule["detector"], { kind: "assignment" }>;',
    'type GCall = Extract<GRule["detector"], { kind: "call" }>;',
    // Every property name of every member of a union.
    'type Keys<T> = T extends unknown ? keyof T : never;',
    ...PAIRS.flatMap(([, generated, handWritten], i) => [
      `export const pair${i}: Same<${generated}, ${handWritten}> = true;`,
      // Not needed to fail, but they name the properties when a pair differs by its keys.
      `export const pair${i}_onlyInSchema: never = null as unknown as Exclude<Keys<${generated}>, Keys<${handWritten}>>;`,
      `export const pair${i}_onlyInTypes: never = null as unknown as Exclude<Keys<${handWritten}>, Keys<${generated}>>;`,
    ]),
  ].join('\n');
}

/** Type errors of the check file, as `pair name: message`. */
function typeErrors(dir: string): string[] {
  const file = path.join(dir, 'check.ts');
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    resolveJsonModule: true,
    types: [],
  });
  const source = program.getSourceFile(file);
  assert.ok(source, 'the check file was not read');
  return ts.getPreEmitDiagnostics(program, source).map((d) => {
    const line = d.start === undefined ? -1 : source.getLineAndCharacterOfPosition(d.start).line;
    const [, pair, keys] = /^export const pair(\d+)(?:_(\w+))?/.exec(source.text.split('\n')[line] ?? '') ?? [];
    const where =
      pair === undefined
        ? `check.ts:${line + 1}`
        : `${PAIRS[Number(pair)][0]} (${PAIRS[Number(pair)][1]} vs ${PAIRS[Number(pair)][2]})${keys ? `, properties ${keys === 'onlyInSchema' ? 'only in the schema' : 'only in the types'}` : ''}`;
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** Types generated from a schema, the way this test reads the contract. */
export async function generatedTypes(schema: object): Promise<string> {
  // Without a title or an $id the root type is named `Pack`, whatever the schema calls itself.
  const { title: _title, $id: _id, ...anonymous } = schema as { title?: string; $id?: string };
  return compile(anonymous, 'Pack', {
    bannerComment: '',
    format: false,
    // `minItems` is a constraint on values like `pattern`; the hand-written types keep plain arrays.
    ignoreMinAndMaxItems: true,
  });
}

describe('the pack types agree with the pack schema', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-pack-types-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every generated type is identical to its hand-written twin in packs/types.ts and detectors/spec.ts', async () => {
    writeFileSync(path.join(dir, 'generated.ts'), await generatedTypes(packSchema));
    writeFileSync(path.join(dir, 'check.ts'), checkSource());
    assert.deepEqual(typeErrors(dir), []);
  });

  it('fails when the schema and the types disagree', async () => {
    // The check itself must be able to fail: here the schema lost `houseRules` (optional, so
    // assignability alone would not see it) and its providers accept any extra property.
    const schema = structuredClone(packSchema) as unknown as { properties: Record<string, { items?: { additionalProperties?: boolean } }> };
    delete schema.properties.houseRules;
    delete schema.properties.providers.items?.additionalProperties;
    writeFileSync(path.join(dir, 'generated.ts'), await generatedTypes(schema));
    writeFileSync(path.join(dir, 'check.ts'), checkSource());
    const errors = typeErrors(dir);
    const failed = (name: string) => errors.filter((e) => e.startsWith(`${name} (`));
    // Differences only, never a check that could not run (a missing module, an unknown name).
    assert.ok(
      errors.every((e) => /is not assignable to type/.test(e)),
      errors.join('\n'),
    );
    assert.ok(
      failed('pack').some((e) => /only in the types: .*houseRules/.test(e)),
      errors.join('\n'),
    );
    assert.ok(
      failed('provider').some((e) => /Type 'true' is not assignable to type 'false'/.test(e)),
      errors.join('\n'),
    );
  });
});

describe('the pack schema describes every property', () => {
  // Editors show `markdownDescription` (VS Code) or `description` (others) when `$schema` points at
  // the schema: every property has both, and the Markdown one shows an example that is valid JSON.
  const found: Array<{ at: string; description?: unknown; markdownDescription?: unknown }> = [];
  (function walk(node: unknown, at: string): void {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
    if (!node || typeof node !== 'object') return;
    const properties = (node as { properties?: Record<string, { description?: unknown; markdownDescription?: unknown }> }).properties;
    for (const [name, property] of Object.entries(properties ?? {})) found.push({ at: `${at}/properties/${name}`, ...property });
    for (const [key, value] of Object.entries(node)) walk(value, `${at}/${key}`);
  })(packSchema, '#');

  it('has a description and a markdownDescription with a JSON example for each property', () => {
    assert.ok(found.length > 100, `only ${found.length} properties found`);
    const undocumented = found.filter((p) => typeof p.description !== 'string' || typeof p.markdownDescription !== 'string' || !/```json\n[\s\S]+?\n```/.test(p.markdownDescription)).map((p) => p.at);
    assert.deepEqual(undocumented, []);
  });

  it('shows examples that parse as JSON (a value, an object, or a "key": value member)', () => {
    const broken: string[] = [];
    for (const p of found) {
      for (const [, example] of String(p.markdownDescription).matchAll(/```json\n([\s\S]+?)\n```/g)) {
        const text = /^"[^"]*"\s*:/.test(example) ? `{${example}}` : example;
        try {
          JSON.parse(text);
        } catch (err) {
          broken.push(`${p.at}: ${(err as Error).message}`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });
});
