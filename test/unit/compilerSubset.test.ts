import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type * as TS from 'typescript';

// dist/typescript.js is the part of the compiler Vigil's code uses (scripts/compilerSubset.mjs):
// what the bundles run must parse and resolve exactly as the full compiler the tests run on.

const ROOT = path.resolve(__dirname, '../..');
const FULL_PATH = require.resolve('@ts-morph/common/dist/typescript.js');
const full = createRequire(__filename)(FULL_PATH) as typeof TS;

interface SubsetScript {
  compilerNamesUsed(dir: string): Set<string>;
  compilerSubset(ts: typeof TS, source: string, names: Set<string>): string;
}

async function subsetScript(): Promise<SubsetScript> {
  return (await import(pathToFileURL(path.join(ROOT, 'scripts/compilerSubset.mjs')).href)) as SubsetScript;
}

/** The subset as the build makes it, bundled by esbuild and run as a CommonJS module. */
async function loadSubset(names: Set<string>): Promise<{ ts: typeof TS; code: string }> {
  const { compilerSubset } = await subsetScript();
  const source = compilerSubset(full, readFileSync(FULL_PATH, 'utf8'), names);
  const out = await build({ stdin: { contents: source, loader: 'js' }, bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
  const code = out.outputFiles[0].text;
  const module = { exports: {} as typeof TS };
  new Function('module', 'exports', 'require', '__filename', '__dirname', code)(module, module.exports, require, FULL_PATH, path.dirname(FULL_PATH));
  return { ts: module.exports, code };
}

// Runs every built-in rule's examples through the engine in a fresh process, with the engine's
// compiler (server/src/syntax/typescript.ts) replaced by `subsetFile` when given, behind a guard that
// throws on a name the subset lacks. Prints each example's findings (rule, span, severity; no text).
const ENGINE_RUN = `
const Module = require('node:module');
const path = require('node:path');
const [root, subsetFile] = process.argv.slice(1);
if (subsetFile) {
  const subset = require(subsetFile);
  const guarded = new Proxy(subset, { get(t, k) { if (typeof k === 'string' && !(k in t)) throw new Error('ts.' + k + ' is not in the subset'); return t[k]; } });
  const file = path.join(root, 'server/src/syntax/typescript.ts');
  const m = new Module(file);
  Object.assign(m, { filename: file, loaded: true, exports: { ts: guarded } });
  require.cache[file] = m;
}
const { builtinPack } = require(path.join(root, 'server/src/packs/builtin'));
const { scanText } = require(path.join(root, 'server/src/engine/scan'));
const { exampleInput } = require(path.join(root, 'server/src/packs/examples'));
const pack = builtinPack().pack;
const out = [];
for (const rule of pack.rules) {
  for (const example of [...(rule.source.examples?.match ?? []), ...(rule.source.examples?.noMatch ?? [])]) {
    const r = scanText(exampleInput(example), pack);
    const span = (f) => f.ruleId + ' ' + f.range.start.line + ':' + f.range.start.character + '-' + f.range.end.line + ':' + f.range.end.character + ' ' + f.severity;
    out.push(r.findings.map(span).join(', ') + ' | ' + r.failures.map((f) => f.ruleId + ': ' + f.message).join(', '));
  }
}
process.stdout.write(JSON.stringify(out));
`;

function engineFindings(subsetFile?: string): string[] {
  const args = ['--require', 'tsx/cjs', '-e', ENGINE_RUN, ROOT, ...(subsetFile ? [subsetFile] : [])];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 })) as string[];
}

/** What Vigil reads from a tree, node by node: kind, flags, span, where its token starts, its text. */
function shape(ts: typeof TS, file: TS.SourceFile): string[] {
  const out: string[] = [];
  const visit = (node: TS.Node): void => {
    const text = (node as { text?: unknown }).text;
    out.push(`${ts.SyntaxKind[node.kind]} ${node.flags} ${node.pos}-${node.end} @${node.getStart(file)}${typeof text === 'string' ? ` ${JSON.stringify(text)}` : ''}`);
    ts.forEachChild(node, visit);
  };
  visit(file);
  out.push(`diagnostics ${(file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length}`);
  return out;
}

function parse(ts: typeof TS, name: string, text: string): TS.SourceFile {
  const kind = name.endsWith('.tsx') ? ts.ScriptKind.TSX : name.endsWith('.jsx') ? ts.ScriptKind.JSX : /\.[mc]?js$/.test(name) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return ts.createSourceFile(name, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, kind);
}

describe('the compiler subset the bundles ship (dist/typescript.js)', function () {
  this.timeout(120_000);
  let names: Set<string>;
  let subset: typeof TS;
  let code: string;

  before(async () => {
    names = (await subsetScript()).compilerNamesUsed(path.join(ROOT, 'server/src'));
    ({ ts: subset, code } = await loadSubset(names));
  });

  it('exports every compiler value server/src takes from `ts`, and leaves out the checker, program and language service', () => {
    assert.ok(names.has('createSourceFile') && names.has('forEachChild') && names.has('resolveModuleName'), [...names].join(' '));
    const values = [...names].filter((n) => (full as unknown as Record<string, unknown>)[n] !== undefined);
    const missing = values.filter((n) => (subset as unknown as Record<string, unknown>)[n] === undefined);
    assert.deepEqual(missing, []);
    for (const left of ['createTypeChecker', 'createProgram', 'createLanguageService', 'transpileModule']) assert.equal((subset as unknown as Record<string, unknown>)[left], undefined, left);
    assert.ok(!code.includes('function createTypeChecker('));
    assert.ok(code.length < readFileSync(FULL_PATH, 'utf8').length / 2, `${code.length} characters`);
  });

  it("parses Vigil's own sources and test fixtures (TS, TSX, JS, JSX, broken files) into the same trees as the full compiler", () => {
    const files: string[] = [];
    for (const dir of ['server/src', 'client/src', 'scripts', 'test']) {
      for (const f of readdirSync(path.join(ROOT, dir), { recursive: true }).map(String)) if (/\.[mc]?[jt]sx?$/.test(f) && !f.includes('node_modules')) files.push(path.join(dir, f));
    }
    files.push('broken.ts', 'page.jsx');
    assert.ok(files.length > 200, `${files.length} files`);
    for (const f of files) {
      const text =
        f === 'broken.ts'
          ? 'const a = { b: [1, 2;\nfunction (x { return `${x'
          : f === 'page.jsx'
            ? 'export const P = () => <a href="http://x" {...p}>{"s"}</a>;'
            : readFileSync(path.join(ROOT, f), 'utf8');
      assert.deepEqual(shape(subset, parse(subset, f, text)), shape(full, parse(full, f, text)), f);
    }
  });

  it('updates a tree after an edit as the full compiler does', () => {
    const text = readFileSync(path.join(ROOT, 'server/src/syntax/jsFacts.ts'), 'utf8');
    const at = text.indexOf('export function');
    const edit = (ts: typeof TS): string[] => {
      const before = parse(ts, 'a.ts', text);
      const after = ts.updateSourceFile(before, `${text.slice(0, at)}const k = 'x';\n${text.slice(at)}`, ts.createTextChangeRange(ts.createTextSpan(at, 0), 15));
      return shape(ts, after);
    };
    assert.deepEqual(edit(subset), edit(full));
  });

  it('resolves imports (relative files, folders, package exports) as the full compiler does', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'vigil-subset-'));
    try {
      const write = (f: string, text: string): void => {
        mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
        writeFileSync(path.join(root, f), text);
      };
      write('src/a.ts', '');
      write('src/lib/index.js', '');
      write('node_modules/pkg/package.json', JSON.stringify({ name: 'pkg', exports: { '.': './main.js', './sub': './sub/x.js' } }));
      write('node_modules/pkg/main.js', '');
      write('node_modules/pkg/sub/x.js', '');
      const from = path.join(root, 'src/a.ts');
      const resolve = (ts: typeof TS): Array<string | undefined> =>
        ['./lib', './missing', 'pkg', 'pkg/sub', './a'].map(
          (spec) => ts.resolveModuleName(spec, from, { allowJs: true, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext }, ts.sys).resolvedModule?.resolvedFileName,
        );
      const expected = resolve(full);
      assert.deepEqual(
        expected.map((f) => f && path.relative(root, f)),
        ['src/lib/index.js', undefined, 'node_modules/pkg/main.js', 'node_modules/pkg/sub/x.js', 'src/a.ts'],
      );
      assert.deepEqual(resolve(subset), expected);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("gives the engine the same findings as the full compiler on every built-in rule's examples", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-subset-'));
    try {
      writeFileSync(path.join(dir, 'typescript.js'), code);
      const withFull = engineFindings();
      assert.ok(withFull.length > 1000 && withFull.filter((f) => f.startsWith('crypto.weak-hash')).length > 5, `${withFull.length} examples`);
      assert.deepEqual(engineFindings(path.join(dir, 'typescript.js')), withFull);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops the build with a clear message when typescript.js is not laid out as expected', async () => {
    const { compilerSubset } = await subsetScript();
    assert.throws(() => compilerSubset(full, 'module.exports = {};', names), /typescript\.js's module function was not found/);
    assert.throws(() => compilerSubset(full, 'var ts = {}; ((module) => { var a = 1; })(ts);', names), /export table was not found/);
  });
});
