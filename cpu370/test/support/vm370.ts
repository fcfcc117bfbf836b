// Runs a stand-alone program in-process through the same engine as `vm370 run` and reports
// it in the `vm370 run --json` shape (see ./report.ts), for comparison with Hercules.
import { runReport, runStandalone, type StartMode } from '../../index.ts';
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
  return runReport(result, o.dumps ?? []);
}
