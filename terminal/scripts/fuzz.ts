// npm run fuzz:terminal -- [COUNT] [SEED]: COUNT inbound streams at the server (default
// 10,000) and COUNT/2 outbound streams at the screen model.
import { fuzzScreen, fuzzServer } from '../test/helpers/fuzz-core.ts';

const count = Number(process.argv[2] ?? 10000);
const seed = Number(process.argv[3] ?? Date.now() % 1e9);
const t0 = performance.now();
const server = fuzzServer(count, seed);
const screen = fuzzScreen(Math.ceil(count / 2), seed);
const secs = ((performance.now() - t0) / 1000).toFixed(1);
for (const f of [...server.failures, ...screen.failures].slice(0, 20)) process.stdout.write(f + '\n');
process.stdout.write(
  `fuzz:terminal seed ${seed}: ${server.streams} inbound streams (${server.bytes} bytes, ${server.sessions} sessions, slowest ${server.slowestMs.toFixed(1)} ms), ` +
    `${screen.streams} screen runs; ${server.failures.length + screen.failures.length} failures; ${secs} s\n`,
);
process.exitCode = server.failures.length + screen.failures.length ? 1 : 0;
