// Runs a stand-alone program in-process through the same engine as `vm370 run` and reports
// it in the `vm370 run --json` shape (see ./report.ts), for comparison with Hercules.
import { hex, parseRange, runStandalone, type StartMode } from '../../index.ts';
import type { RunReport } from '../../src/reference/report.ts';

export interface Vm370RunOptions {
  image: Uint8Array;
  mode: { kind: 'bin'; origin: number; entry?: number } | { kind: 'core'; start: 'restart' | 'psw' };
  storageSize?: number;
  dumps?: readonly string[];
  cr?: ReadonlyMap<number, number>;
  maxInstructions?: number;
}

export async function runVm370(o: Vm370RunOptions): Promise<RunReport> {
  const mode: StartMode = o.mode.kind === 'bin' ? { kind: 'bin', origin: o.mode.origin, entry: o.mode.entry ?? o.mode.origin } : o.mode;
  const result = await runStandalone({
    image: o.image,
    mode,
    storageSize: o.storageSize ?? 1024 * 1024,
    maxInstructions: o.maxInstructions ?? 10_000_000,
    controlRegisters: o.cr,
  });
  const { cpu } = result;
  const mem: Record<string, string> = {};
  for (const d of o.dumps ?? []) {
    const { start, length } = parseRange(d);
    let s = '';
    for (let i = 0; i < length; i++) {
      const a = (start + i) & 0xffffff;
      s += a < cpu.size ? hex(cpu.mem[a]!, 2) : '--';
    }
    mem[d] = s;
  }
  return {
    status: result.status,
    waitPsw: result.psw,
    gpr: [...cpu.gpr].map((v) => hex(v, 8)),
    fpr: [0, 2, 4, 6].map((r) => hex(cpu.fpr[r]!, 8) + hex(cpu.fpr[r + 1]!, 8)),
    cr: [...cpu.cr].map((v) => hex(v, 8)),
    mem,
    pgmCodes: (cpu.pgmLog ?? []).map((c) => hex(c, 4)),
    instructions: cpu.instructions,
  };
}
