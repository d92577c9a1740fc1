import { readFileSync } from 'node:fs';
import { discover } from '../../server/src/workspace/discover';
import { keywordScanner } from '../../server/src/engine/ruleSelection';
import { builtinPack } from '../../server/src/packs/builtin';
async function main() {
  const root = process.argv[2];
  const d = await discover(root, root);
  const texts = d.files.map((f) => { try { return readFileSync(f.absolute, 'utf8'); } catch { return ''; } });
  const rules = builtinPack().pack.rules;
  const scan = keywordScanner(rules);
  let total = 0; for (const t of texts) total += t.length;
  console.log('files', texts.length, 'MB', (total / 1e6).toFixed(1), 'keywords', new Set(rules.flatMap((r) => r.keywords)).size);
  for (let round = 0; round < 5; round++) {
    let t0 = performance.now(); let found = 0;
    const lowers = texts.map((t) => t.toLowerCase());
    const tl = performance.now() - t0;
    t0 = performance.now();
    for (const l of lowers) found += scan(l).size;
    console.log(`lower ${tl.toFixed(0)} ms, scan ${(performance.now() - t0).toFixed(0)} ms, found ${found}`);
  }
}
main();
