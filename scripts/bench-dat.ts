// What turning DAT on costs, measured in one process so that both variants see the same
// machine load: the `vm370 bench` instruction mix (cpu370/bench/mix.ts) run with DAT off
// and with DAT on over identity tables, alternately, best of several rounds each, timed by
// the process's CPU time.
// Usage: node --import tsx scripts/bench-dat.ts [iterations] [rounds]
import { createStandaloneCpu, identityControlRegisters, identityDatImage, run } from '../cpu370/index.ts';
import { BENCH_DONE_IA, benchImage, benchInstructionCount } from '../cpu370/bench/mix.ts';

const SIZE = 1 << 20;

function measure(dat: boolean, iterations: number): number {
  const image = dat ? identityDatImage(benchImage(iterations), SIZE) : benchImage(iterations);
  const cpu = createStandaloneCpu({
    image,
    mode: { kind: 'core', start: 'psw' },
    storageSize: SIZE,
    maxInstructions: 1e12,
    controlRegisters: dat ? identityControlRegisters(SIZE) : undefined,
  });
  const expected = benchInstructionCount(iterations);
  // Process CPU time rather than wall time: other work on a shared machine then counts less.
  const c0 = process.cpuUsage();
  run(cpu, expected + 10);
  const c1 = process.cpuUsage(c0);
  const ms = (c1.user + c1.system) / 1000;
  if (cpu.instructions !== expected || cpu.ia !== BENCH_DONE_IA) throw new Error(`the mix did not run as designed (${cpu.instructions} instructions)`);
  return expected / ms / 1000;
}

const iterations = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 5);
measure(false, 20_000);
measure(true, 20_000);
let off = 0;
let on = 0;
for (let i = 0; i < rounds; i++) {
  off = Math.max(off, measure(false, iterations));
  on = Math.max(on, measure(true, iterations));
}
const cost = (1 - on / off) * 100;
process.stdout.write(`DAT off: ${off.toFixed(1)} MIPS\nDAT on:  ${on.toFixed(1)} MIPS\ncost:    ${cost.toFixed(1)}%\n`);
