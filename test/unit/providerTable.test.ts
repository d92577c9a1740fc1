import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { builtinPack } from '../../server/src/packs/builtin';
import { compilePack } from '../../server/src/packs/load';
import { ProviderFormat, ProviderTable, truncated } from '../../server/src/packs/providerTable';
import { scanText } from '../../server/src/engine/scan';
import tableJson from '../../rules/providers/table.json';

// Provider credential rules come from one table (rules/providers/table.json). Every format's
// example secrets are written into the kinds of files secrets are committed in and scanned by the
// real engine: the rule must report the secret where it is, and a cut-short value not at all.

const table = tableJson as unknown as ProviderTable;
const formats = table.providers.flatMap((p) => p.formats.map((f) => ({ provider: p, format: f })));
const { pack } = builtinPack();
const generatedIds = new Set(formats.map(({ format }) => `secret.${format.id}`));

interface Embedded {
  kind: string;
  path: string;
  text: string;
  /** Zero-based line and column where the value starts. */
  line: number;
  column: number;
  /** The value as written in this kind of file (escaped in JSON, XML). */
  written: string;
}

/** The value written as the setting `key` in one kind of file. */
function embeddings(key: string | undefined, value: string): Embedded[] {
  const name = key ?? 'credential';
  const ident = /^[A-Za-z_$][\w$]*$/.test(name) ? name : 'credential';
  const json = JSON.stringify(value).slice(1, -1);
  const xml = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const files: Array<[string, string, string[], number, string]> = [
    // kind, path, lines, index of the line that holds the value, the value as written there
    ['.env', '.env', ['# local settings', `${name}=${value}`], 1, value],
    ['JSON', 'config/settings.json', ['{', `  "${name}": "${json}"`, '}'], 1, json],
    ['YAML', 'config/settings.yaml', ['# settings', 'service:', `  ${name}: ${value}`], 2, value],
    ['XML', 'config/settings.xml', ['<?xml version="1.0" encoding="UTF-8"?>', '<settings>', `  <${name}>${xml}</${name}>`, '</settings>'], 2, xml],
    ['.properties', 'src/main/resources/application.properties', ['# settings', `${name}=${value}`], 1, value],
    ['TypeScript', 'src/settings.ts', ['// settings', `export const ${ident} = "${json}";`], 1, json],
    ['JavaScript', 'src/settings.js', ['// settings', `module.exports = { ${ident}: '${value}' };`], 1, value],
    ['plain text', 'notes.txt', ['Deployment notes', key ? `${name} = ${value} (rotate monthly)` : `The key is ${value} (rotate monthly)`], 1, value],
  ];
  return files.map(([kind, file, lines, line, written]) => ({ kind, path: file, text: lines.join('\n') + '\n', line, column: lines[line].indexOf(written), written }));
}

/** Where the engine should report the secret inside the written value (the rule's secret group). */
function offsetInValue(format: ProviderFormat, value: string): number {
  const probe = format.key ? `${format.key}=${value}` : value;
  const m = new RegExp(format.pattern, (format.flags ?? '') + 'd').exec(probe);
  assert.ok(m, `${format.id}: the example does not match its own pattern`);
  const at = m.indices?.[format.secretGroup ?? 1];
  assert.ok(at, `${format.id}: no secret group`);
  return at[0] - (format.key ? format.key.length + 1 : 0);
}

describe('provider credential table', () => {
  it('is the only source of provider rules: no hand-written rules/providers.json remains', () => {
    assert.equal(existsSync(path.join(__dirname, '../../rules/providers.json')), false);
    const generated = new Set(formats.map(({ format }) => `secret.${format.id}`));
    for (const id of generated)
      assert.ok(
        pack.rules.some((r) => r.id === id),
        id,
      );
  });

  it('has at least 300 formats, each with a unique id, a pattern of its own and examples', () => {
    assert.ok(formats.length >= 300, `${formats.length} formats`);
    const ids = formats.map(({ format }) => format.id);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
    const patterns = formats.map(({ format }) => format.pattern);
    assert.deepEqual(
      patterns.filter((p, i) => patterns.indexOf(p) !== i),
      [],
    );
    for (const { format } of formats) assert.ok((format.examples?.length ?? 0) >= 1, format.id);
  });

  it('records for every format where it was checked, and keeps that note out of the rule', () => {
    for (const { format } of formats) {
      assert.equal(typeof format.verified, 'string', format.id);
      assert.ok(format.verified!.trim().length > 0, format.id);
      const rule = pack.rules.find((r) => r.id === `secret.${format.id}`)!;
      assert.ok(!('verified' in (rule.source.detector as object)), format.id);
    }
  });

  it("gives every provider an https revocation link, shown in each of its rules' tips and in the leaks report", () => {
    const ids = table.providers.map((p) => p.id);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
    for (const { provider, format } of formats) {
      assert.match(provider.revokeUrl, /^https:\/\/[^\s]+$/);
      const rule = pack.rules.find((r) => r.id === `secret.${format.id}`)!;
      assert.ok(rule.source.tip?.includes(provider.revokeUrl), format.id);
      assert.ok(!/\{(?:format|a|provider|revokeUrl)\}/.test(`${rule.source.tip} ${rule.message}`), format.id);
    }
    for (const provider of table.providers) {
      assert.equal(pack.providers.find((p) => p.id === provider.id)?.revokeUrl, provider.revokeUrl);
    }
  });

  it('does not fire on ordinary code that shares a prefix with a format', () => {
    // Identifiers, hashes and ids that start like a provider prefix: a format needs its full structure.
    const text = [
      'const re_compiled_patternForMatchingThings = /x/;',
      'hvr.handleVerticalResizeStartEvent(event);',
      'const sk_prod_certificate_authority_configuration_path = "/etc/ssl";',
      'materialized: dbtc_model_materialization_strategy_defaults',
      'struct node *ptr_to_the_next_element_in_the_linked_list_here;',
      'const tr_dev_environmentVariablesForLocal = {};',
      'ser.serializeUserWithPermissionsAndRolesX(user);',
      'const commit = "3f2a9c4e5b6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f";',
      'const id = "550e8400-e29b-41d4-a716-446655440000";',
      '<div class="fc-event-title fc-sticky">',
      'const secret = process.env.API_SECRET; // secret-manager-configuration-reference-key',
      'api_live.example.com',
      'token-based authentication: token-abcde',
    ].join('\n');
    for (const file of ['src/app.ts', 'README.md', 'config/app.yaml']) {
      const found = scanText({ path: file, text }, pack).findings.filter((f) => generatedIds.has(f.ruleId));
      assert.deepEqual(
        found.map((f) => `${f.ruleId} at ${f.range.start.line + 1}`),
        [],
        file,
      );
    }
  });

  for (const { format } of formats) {
    describe(`secret.${format.id}`, () => {
      const rule = pack.rules.find((r) => r.id === `secret.${format.id}`)!;
      const single = compilePack({ id: 'one', version: '1', rules: [rule.source] }, 'one').pack;
      (format.examples ?? []).forEach((value, n) => {
        // Secret values stay out of test titles: logs must never show a secret in clear.
        for (const file of embeddings(format.key, value)) {
          it(`finds example ${n + 1} in ${file.kind} at its line and column`, () => {
            const result = scanText({ path: file.path, text: file.text }, single);
            assert.deepEqual(result.failures, []);
            const found = result.findings.filter((f) => f.ruleId === rule.id);
            assert.equal(found.length, 1, `${found.length} findings`);
            assert.deepEqual(found[0].range.start, { line: file.line, character: file.column + offsetInValue(format, file.written) });
          });
        }
        it(`does not fire on example ${n + 1} cut short, in .env, YAML and TypeScript`, () => {
          for (const file of embeddings(format.key, truncated(value)).filter((f) => ['.env', 'YAML', 'TypeScript'].includes(f.kind))) {
            const result = scanText({ path: file.path, text: file.text }, single);
            assert.deepEqual(
              result.findings.map((f) => `${f.ruleId} in ${file.kind}`),
              [],
            );
          }
        });
      });
    });
  }
});
