import { scanFiles } from '../../server/src/workspace/scanFiles';
import { builtinPack } from '../../server/src/packs/builtin';
import { discover } from '../../server/src/workspace/discover';
async function main() {
  const root = process.argv[2];
  const gc = (globalThis as { gc?: () => void }).gc!;
  const mb = () => { gc(); gc(); return (process.memoryUsage().heapUsed / 1e6).toFixed(1); };
  const pack = builtinPack().pack;
  console.log('start', mb());
  const d = await discover(root, root);
  console.log('discovered', d.files.length, mb());
  const scan = await scanFiles(['.'], root, pack, { concurrency: 0 });
  console.log('after scan (reports held)', scan.files.length, mb());
  const withSomething = scan.files.filter((f) => f.findings.length || f.suppressed.length || f.failures.length || f.problems?.length || f.skipped);
  console.log('reports with something', withSomething.length);
  (scan as { files: unknown[] }).files = withSomething;
  console.log('after dropping empty reports', mb());
  (scan as { files: unknown[] }).files = [];
  console.log('after dropping all reports', mb());
  console.log(d.files.length > 0 ? '' : '');
}
main();
