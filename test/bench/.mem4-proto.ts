import { discover } from '../../server/src/workspace/discover';
async function main() {
  const root = process.argv[2];
  const gc = (globalThis as { gc?: () => void }).gc!;
  const mb = () => { gc(); gc(); return process.memoryUsage().heapUsed / 1e6; };
  const m0 = mb();
  const d = await discover(root, root);
  const m1 = mb();
  console.log('discovery MB', (m1 - m0).toFixed(1));
  for (const f of d.files) { Number(f.absolute); Number(f.relative); }
  const m2 = mb();
  console.log('after Number() flatten MB', (m2 - m0).toFixed(1));
  d.files = d.files.map((f) => ({ absolute: f.absolute, relative: f.absolute.slice(root.length + 1) }));
  const m3 = mb();
  console.log('relative as slice of absolute MB', (m3 - m0).toFixed(1));
}
main();
