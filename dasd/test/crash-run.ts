// npm run crash:dasd [KILLS]: the long crash test (default 240 kills: 100 uncompressed,
// 100 compressed, 40 with a shadow file). Prints the figures; exit code 1 on any failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crashTest, type CrashFigures } from './crash-harness.ts';

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 240);
  if (!Number.isInteger(total) || total < 3) throw new Error('KILLS must be a whole number of at least 3');
  const plan: Array<['ckd' | 'cckd' | 'shadow', number]> = [
    ['ckd', Math.round(total * 0.42)],
    ['cckd', Math.round(total * 0.42)],
  ];
  plan.push(['shadow', total - plan[0]![1] - plan[1]![1]]);
  const dir = mkdtempSync(join(tmpdir(), 'vm370-crash-'));
  const all: CrashFigures[] = [];
  try {
    for (const [format, kills] of plan) {
      const f = await crashTest(dir, format, kills);
      all.push(f);
      console.log(`${format.padEnd(6)} kills ${f.kills}, acknowledged writes ${f.acknowledged}, in-flight writes found on disk ${f.inFlightLanded}, unreadable images ${f.unreadable}, damaged tracks ${f.damagedTracks}, lost writes ${f.lostWrites}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const sum = (k: keyof CrashFigures) => all.reduce((n, f) => n + (f[k] as number), 0);
  console.log(`total  kills ${sum('kills')}, acknowledged writes ${sum('acknowledged')}, unreadable images ${sum('unreadable')}, damaged tracks ${sum('damagedTracks')}, lost writes ${sum('lostWrites')}`);
  if (sum('unreadable') + sum('damagedTracks') + sum('lostWrites') > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`crash:dasd: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
