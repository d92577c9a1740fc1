// The floor a scanner of JS/TS cannot go below: read every file, parse every JS/TS file with the
// TypeScript parser (the one Vigil uses: dist/typescript.js, the part of ts-morph's compiler that
// Vigil's bundles load, built by `npm run bench`) and walk its syntax tree once. One thread, and
// the cheapest way to do it: no JSDoc, no parent pointers, the walk function bound once. The
// benchmark times this whole process (like every tool it runs); `ms` is the same work timed inside
// it, after the compiler has loaded.
// Usage: node floor.mjs FILE_LIST  (one absolute path per line); prints JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../package.json', import.meta.url));
const ts = require('./dist/typescript.js');

const started = performance.now();
const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let bytes = 0;
let parsed = 0;
let nodes = 0;
const kindFor = (f) => (f.endsWith('.tsx') ? ts.ScriptKind.TSX : f.endsWith('.jsx') ? ts.ScriptKind.JSX : /\.[mc]?js$/.test(f) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
const { forEachChild, createSourceFile } = ts;
const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
const walk = (node) => {
  nodes++;
  forEachChild(node, walk);
};
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  bytes += text.length;
  if (!/\.[mc]?[jt]sx?$/.test(file)) continue;
  walk(createSourceFile(file, text, options, false, kindFor(file)));
  parsed++;
}
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, files: files.length, parsed, bytes, nodes, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
