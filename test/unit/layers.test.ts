import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

// The arrows point one way: front ends (cli, lsp, client) → adapters (workspace, report, resolve,
// packs) → engine and detectors → syntax. A newcomer can read a layer without the ones above it,
// and the engine runs the same in the editor, the CLI and the tests because it knows none of them.

const root = path.resolve(__dirname, '../..');
const server = path.join(root, 'server/src');

/** For each folder of server/src: the folders (and packages) it must never import. */
const FORBIDDEN: Record<string, string[]> = {
  syntax: ['engine', 'detectors', 'packs', 'workspace', 'report', 'resolve', 'lsp', 'cli'],
  engine: ['detectors', 'packs', 'workspace', 'report', 'resolve', 'lsp', 'cli'],
  detectors: ['packs', 'workspace', 'report', 'resolve', 'lsp', 'cli'],
  packs: ['workspace', 'report', 'lsp', 'cli'],
  resolve: ['engine', 'detectors', 'packs', 'workspace', 'report', 'lsp', 'cli'],
  workspace: ['lsp', 'cli'],
  report: ['lsp', 'cli'],
};
/** The entry points of the front ends (the language server, the CLI). */
const FRONT_END_FILES = ['./server', './cli'];
/** Editor and terminal code: only the front ends may import them. */
const FRONT_END_ONLY = [/^vscode-languageserver/, /^vscode$/];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file imports or requires, as written. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push(m[1] ?? m[2] ?? m[3]);
  }
  return found;
}

/** The server/src folder a relative import lands in; a file at the top is named by itself (`server`, `version`). */
function layerOf(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const target = path.relative(server, path.resolve(path.dirname(from), spec));
  if (target.startsWith('..')) return undefined;
  const parts = target.split(path.sep);
  return parts.length > 1 ? parts[0] : `./${parts[0].replace(/\.ts$/, '')}`;
}

describe('layers: imports point one way', () => {
  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    it(`${layer}/ imports none of ${forbidden.join(', ')}, nor editor code`, () => {
      const wrong: string[] = [];
      for (const file of tsFiles(path.join(server, layer))) {
        for (const spec of importsOf(file)) {
          const target = layerOf(file, spec);
          if (target !== undefined && (forbidden.includes(target) || FRONT_END_FILES.includes(target))) wrong.push(`${path.relative(root, file)} imports ${spec}`);
          if (FRONT_END_ONLY.some((re) => re.test(spec))) wrong.push(`${path.relative(root, file)} imports ${spec}`);
        }
      }
      assert.deepEqual(wrong, []);
    });
  }

  it('the client imports nothing of the server but the shared protocol module (server/src/protocol.ts)', () => {
    const client = path.join(root, 'client/src');
    const wrong: string[] = [];
    for (const file of tsFiles(client)) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(root, path.resolve(path.dirname(file), spec));
        if (target.startsWith(`server${path.sep}`) && target !== path.join('server', 'src', 'protocol')) wrong.push(`${path.relative(root, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('the protocol module imports nothing, so the client bundle takes no server code with it', () => {
    assert.deepEqual(importsOf(path.join(server, 'protocol.ts')), []);
  });

  it('finds imports in all their forms (the check itself can fail)', () => {
    const probe = path.join(server, 'engine/probe.ts');
    const text =
      "import { a } from '../packs/load';\nimport type { B } from \"../lsp/x\";\nexport { c } from '../cli/y';\nconst d = require('../workspace/z');\nconst e = await import('../report/w');";
    const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
      (m) => m[1] ?? m[2] ?? m[3],
    );
    assert.deepEqual(
      specs.map((s) => layerOf(probe, s)),
      ['packs', 'lsp', 'cli', 'workspace', 'report'],
    );
  });
});
