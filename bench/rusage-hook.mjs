// Loaded with `node --import` into a provscan process a benchmark measures: at exit, writes the process's own CPU
// time and peak RSS (process.resourceUsage) to the file named by $PROVSCAN_BENCH_RUSAGE. Child processes (apt,
// dpkg-source, git) are not counted.
import { writeFileSync } from 'node:fs';

const out = process.env.PROVSCAN_BENCH_RUSAGE;
if (out) {
  process.on('exit', () => {
    const r = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ user: r.userCPUTime, system: r.systemCPUTime, maxRSS: r.maxRSS }));
  });
}
