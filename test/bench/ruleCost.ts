// `npm run bench:rules -- PATH... [--top N]`
//
// Where a cold scan's time goes, rule by rule: every file Vigil's discovery selects under each
// PATH is read and scanned with the built-in pack on this thread, and each rule's detector is
// timed where it runs. Parsing is timed apart (a first step asks for the syntax tree before any
// rule, so the first syntax rule of a file does not carry it), and so are reading, the keyword
// prefilter and the rest of the engine. Prints the rules that cost most, how many files each ran
// on and how many findings it made. Figures, not pass/fail: a rule that costs much on few files
// (a regex that backtracks) is the thing to look at.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { EngineRule } from '../../server/src/engine/model';
import { isDeclarationFile } from '../../server/src/engine/language';
import { scanText } from '../../server/src/engine/scan';
import { builtinPack } from '../../server/src/packs/builtin';
import { workspaceModuleReader } from '../../server/src/resolve/moduleReader';
import { discover } from '../../server/src/workspace/discover';

interface Cost {
  ms: number;
  files: number;
  matches: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
  if (args.length === 0) throw new Error('usage: npm run bench:rules -- PATH... [--top N]');
  const pack = builtinPack().pack;
  const costs = new Map<string, Cost>();
  const timed = (rule: EngineRule): EngineRule => ({
    ...rule,
    detect(file) {
      const started = performance.now();
      const matches = rule.detect(file);
      const cost = costs.get(rule.id) ?? { ms: 0, files: 0, matches: 0 };
      cost.ms += performance.now() - started;
      cost.files++;
      cost.matches += matches.length;
      costs.set(rule.id, cost);
      return matches;
    },
  });
  // Runs first on every JS/TS file the syntax rules read (not declaration files): the parse is its
  // own line, not the first syntax rule's.
  const parse: EngineRule = {
    ...pack.rules[0],
    id: '(parse: syntax tree and facts)',
    keywords: [],
    scope: '',
    skipIn: [],
    detect(file) {
      if (file.isJs && !isDeclarationFile(file.path)) {
        try {
          file.js();
        } catch {
          // An unparsable file: the syntax rules skip it, as in a scan.
        }
      }
      return [];
    },
  };
  const timedPack = { ...pack, rules: [timed(parse), ...pack.rules.map(timed)] };
  let readMs = 0;
  let scanMs = 0;
  let files = 0;
  let bytes = 0;
  for (const root of args.map((a) => path.resolve(a))) {
    const found = await discover(root, root);
    // Imported modules are read as a scan reads them: a rule that resolves what a call's callee is
    // may parse them, and that cost is the rule's (leaving it out once hid a slower rule order).
    const modules = workspaceModuleReader(root);
    for (const file of found.files) {
      let started = performance.now();
      let text: string;
      try {
        text = readFileSync(file.absolute, 'utf8');
      } catch {
        continue;
      }
      readMs += performance.now() - started;
      started = performance.now();
      scanText({ path: file.relative, text, modules }, timedPack);
      scanMs += performance.now() - started;
      files++;
      bytes += text.length;
    }
  }
  const ruleMs = [...costs.values()].reduce((sum, c) => sum + c.ms, 0);
  const fmt = (ms: number): string => ms.toFixed(0).padStart(7);
  console.log(`${files} files, ${(bytes / 1e6).toFixed(1)} MB: read ${fmt(readMs)} ms, scan ${fmt(scanMs)} ms (detectors ${fmt(ruleMs)} ms, the rest of the engine ${fmt(scanMs - ruleMs)} ms)`);
  console.log(`${'ms'.padStart(7)} ${'files'.padStart(6)} ${'found'.padStart(6)}  rule`);
  for (const [id, c] of [...costs].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
    console.log(`${fmt(c.ms)} ${String(c.files).padStart(6)} ${String(c.matches).padStart(6)}  ${id}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
