// `vm370 bench`: the instruction-mix benchmark (cpu370/bench/mix.ts) on our interpreter and,
// when Hercules is installed, the very same image on Hercules 3.13, with both MIPS figures
// and their ratio. Hercules is timed from just before `start` to its disabled wait (host
// clock stamps in its log, as shared/reference/hercules-reference.md describes).
import type { Command } from 'commander';
import { herculesSkipReason, hex, identityControlRegisters, identityDatImage, runOnHercules, runStandalone } from '../../cpu370/index.ts';
import { BENCH_DONE_IA, benchImage, benchInstructionCount } from '../../cpu370/bench/mix.ts';

interface BenchOpts {
  iterations: string;
  hercules: boolean;
  json?: boolean;
  dat?: boolean;
}

const DONE_PSW = '00020000' + hex(BENCH_DONE_IA, 8);

export function register(program: Command): void {
  program
    .command('bench')
    .description('run the instruction-mix benchmark and print MIPS (and Hercules\' figure and the ratio when it is installed)')
    .option('--iterations <n>', 'times round the loop (21 instructions each)', '4000000')
    .option('--no-hercules', 'do not run Hercules even when it is installed')
    .option('--json', 'one JSON object on standard output')
    .option('--dat', 'run the mix with DAT on (EC mode, identity-mapped 4K pages, 64K segments)')
    .action(async (o: BenchOpts) => {
      const iterations = Number(o.iterations);
      if (!Number.isInteger(iterations) || iterations < 1 || iterations > 0x7fffffff) throw new Error('--iterations must be a positive integer');
      const withDat = (m: Uint8Array) => (o.dat ? identityDatImage(m, 1 << 20) : m);
      const cr = o.dat ? identityControlRegisters(1 << 20) : undefined;
      const image = withDat(benchImage(iterations));
      const expected = benchInstructionCount(iterations);
      const mode = { kind: 'core', start: 'psw' } as const;

      // A short warm-up so that the interpreter is optimised before the timed run.
      await runStandalone({ image: withDat(benchImage(20000)), mode, storageSize: 1 << 20, maxInstructions: 1e9, controlRegisters: cr });
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await runStandalone({ image, mode, storageSize: 1 << 20, maxInstructions: expected + 10, controlRegisters: cr });
      const seconds = (performance.now() - t0) / 1000;
      const c1 = process.cpuUsage(c0);
      // CPU time as well: on a shared machine it shows what the interpreter does when it has the CPU.
      const cpuSeconds = (c1.user + c1.system) / 1e6;
      if (r.status !== 'wait' || r.psw !== DONE_PSW || r.cpu.instructions !== expected) {
        throw new Error(`benchmark did not run as designed: status ${r.status}, PSW ${r.psw}, ${r.cpu.instructions} instructions (expected ${expected})`);
      }
      const mips = expected / seconds / 1e6;
      const out: Record<string, unknown> = { instructions: expected, vm370: { seconds: round(seconds), mips: round(mips), cpuSeconds: round(cpuSeconds) } };
      const lines = [
        `instruction mix: ${iterations} iterations, ${expected} instructions${o.dat ? ', DAT on' : ''}`,
        `vm370:    ${mips.toFixed(1)} MIPS (${seconds.toFixed(3)} s; ${(expected / cpuSeconds / 1e6).toFixed(1)} MIPS per CPU second)`,
      ];

      // Hercules 3.13 control registers set from its panel (`cr`) leave its DAT unusable
      // (addressing exceptions on instruction fetch), so the DAT mix is not run there.
      if (o.hercules && !herculesSkipReason && !o.dat) {
        const limit = Math.max(30, Math.ceil((expected / 20e6) * 3));
        const h = await runOnHercules({ image, mode, storageSize: 2 << 20, timeLimitSec: limit, cr });
        const same = h.status === 'wait' && h.waitPsw === DONE_PSW && h.gpr.join() === [...r.cpu.gpr].map((v) => hex(v, 8)).join();
        if (!same || h.elapsedSec === undefined || h.elapsedSec <= 0) {
          lines.push(`hercules: did not finish the same way (status ${h.status}, PSW ${h.waitPsw})`);
          out.hercules = { error: 'different result' };
        } else {
          const hm = expected / h.elapsedSec / 1e6;
          lines.push(`hercules: ${hm.toFixed(1)} MIPS (${h.elapsedSec.toFixed(3)} s)`, `ratio:    ${(mips / hm).toFixed(2)} (vm370 / Hercules)`);
          out.hercules = { seconds: round(h.elapsedSec), mips: round(hm) };
          out.ratio = round(mips / hm);
        }
      } else {
        lines.push(`hercules: not run (${!o.hercules ? '--no-hercules' : o.dat ? 'not with --dat' : herculesSkipReason})`);
      }
      process.stdout.write(o.json ? JSON.stringify(out) + '\n' : lines.join('\n') + '\n');
    });
}

const round = (v: number) => Math.round(v * 1000) / 1000;
