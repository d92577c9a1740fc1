import { discover } from '../../server/src/workspace/discover';
async function main() {
  const root = process.argv[2];
  const gc = (globalThis as { gc?: () => void }).gc!;
  const mb = () => { gc(); gc(); return process.memoryUsage().heapUsed / 1e6; };
  const m0 = mb();
  const d = await discover(root, root);
  const m1 = mb();
  const n = d.files.length;
  console.log('files', n, 'skipped', d.skipped.length, 'discovery MB', (m1 - m0).toFixed(1), 'B/file', ((m1 - m0) * 1e6 / n).toFixed(0));
  const chars = d.files.reduce((s, f) => s + f.absolute.length + f.relative.length, 0);
  console.log('chars/file', (chars / n).toFixed(0));
  const flat = d.files.map((f) => ({ absolute: (' ' + f.absolute).slice(1), relative: (' ' + f.relative).slice(1) }));
  const m2 = mb();
  console.log('a copy with flat strings MB', (m2 - m1).toFixed(1));
  console.log(flat.length, d.files.length);
}
main();
