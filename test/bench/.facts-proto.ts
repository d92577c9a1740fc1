import { readFileSync } from 'node:fs';
import { discover } from '../../server/src/workspace/discover';
import { collectJsFacts } from '../../server/src/syntax/jsFacts';
import { parseJs } from '../../server/src/syntax/parse';
async function main() {
  const root = process.argv[2];
  const mode = process.argv[3] ?? 'facts';
  const d = await discover(root, root);
  const files = d.files.map((f: any) => f.absolute ?? f.path);
  const texts = files.filter((f: string) => /\.[mc]?[jt]sx?$/.test(f)).map((f: string) => [f, readFileSync(f, 'utf8')] as const);
  for (let round = 0; round < 4; round++) {
    const t0 = performance.now();
    for (const [f, t] of texts) {
      if (mode === 'parse') parseJs(f, t); else collectJsFacts(f, t);
    }
    console.log(mode, texts.length, (performance.now() - t0).toFixed(0), 'ms');
  }
}
main();
