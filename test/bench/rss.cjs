// Preloaded (`node -r`) into every benchmarked process: on exit, writes the process's peak
// resident memory in KB (all threads, so scan workers count) to the file named by VIGIL_BENCH_RSS.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  if (process.env.VIGIL_BENCH_RSS) writeFileSync(process.env.VIGIL_BENCH_RSS, String(process.resourceUsage().maxRSS));
});
