// Preloaded (`node -r`) into every benchmarked process: on exit, writes the process's peak
// resident memory in KB and its CPU time (user + system) in microseconds, all threads (so scan
// workers count), to the file named by VIGIL_BENCH_RSS.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  if (process.env.VIGIL_BENCH_RSS) {
    const usage = process.resourceUsage();
    writeFileSync(process.env.VIGIL_BENCH_RSS, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  }
});
