import { writeHeapSnapshot } from 'node:v8';
import { discover } from '../../server/src/workspace/discover';
async function main() {
  const root = process.argv[2];
  const d = await discover(root, root);
  (globalThis as { keep?: unknown }).keep = d;
  (globalThis as { gc?: () => void }).gc!();
  console.log(writeHeapSnapshot('/tmp/proto/disc.heapsnapshot'));
}
main();
