// `npm run bench:accuracy`: precision, recall and F1 per category over the labelled corpus in
// test/corpus/*.jsonl. Each case is scanned as its own file with the built-in pack; a case counts
// as detected for a category when any finding of that category (any severity) is reported.
// A benchmark that prints figures, not a test: targets are read by people, not asserted.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { scanText } from '../../server/src/engine/scan';
import { Category, CATEGORIES } from '../../server/src/engine/types';
import { builtinPack } from '../../server/src/packs/builtin';
import { ModuleReader } from '../../server/src/syntax/evaluate';

interface Case {
  path: string;
  code: string;
  expect: Category | null;
  note: string;
  /** Other files of the case's workspace (for cross-file constants). */
  files?: Record<string, string>;
}

/** The case's other files, served like workspace modules. */
function memoryModules(files: Record<string, string> | undefined): ModuleReader | undefined {
  if (!files) return undefined;
  return {
    read(fromPath, specifier) {
      if (!specifier.startsWith('.')) return undefined;
      const base = path.posix.join(path.posix.dirname(fromPath), specifier).replace(/\.js$/, '');
      for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, `${base}/index.ts`, `${base}/index.js`]) {
        if (files[candidate] !== undefined) return { path: candidate, text: files[candidate] };
      }
      return undefined;
    },
  };
}

const dir = __dirname;
const cases: Case[] = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Case));

const { pack } = builtinPack();
const stats = new Map(CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0, cases: 0 }]));
const misses: string[] = [];
for (const c of cases) {
  const found = new Set(scanText({ path: c.path, text: c.code, modules: memoryModules(c.files) }, pack).findings.map((f) => f.category));
  for (const category of CATEGORIES) {
    const s = stats.get(category)!;
    const expected = c.expect === category;
    if (expected) s.cases++;
    if (expected && found.has(category)) s.tp++;
    else if (expected) {
      s.fn++;
      misses.push(`  missed   [${category}] ${c.path}: ${c.note}`);
    } else if (found.has(category)) {
      s.fp++;
      misses.push(`  false +  [${category}] ${c.path}: ${c.note}`);
    }
  }
}

const f = (n: number): string => (Number.isNaN(n) ? '  n/a' : n.toFixed(3));
console.log(`labelled cases: ${cases.length} (${cases.reduce((n, c) => n + c.code.split('\n').length, 0)} lines), rules: ${pack.rules.length}`);
console.log('category    cases   TP   FP   FN  precision  recall     F1');
for (const [category, s] of stats) {
  if (s.cases === 0 && s.fp === 0) continue;
  const precision = s.tp / (s.tp + s.fp);
  const recall = s.tp / (s.tp + s.fn);
  const f1 = (2 * precision * recall) / (precision + recall);
  console.log(`${category.padEnd(10)} ${String(s.cases).padStart(6)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  ${f(precision).padStart(9)} ${f(recall).padStart(7)} ${f(f1).padStart(6)}`);
}
if (misses.length > 0) console.log(`\nerrors:\n${misses.join('\n')}`);
