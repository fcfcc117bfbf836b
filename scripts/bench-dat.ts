// What turning DAT on costs: the same instruction mix run with DAT off (BC mode, key 0,
// the interpreter's plain path) and with DAT on (EC mode, identity-mapped 4K pages,
// 64K segments), best of a few runs each. Usage: node --import tsx scripts/bench-dat.ts [millions]
import { Cpu, run, Storage } from '../cpu370/index.ts';

const SIZE = 1024 * 1024;
// A loop of common instructions: L, A, ST, LR, AR, LA, MVC, CLC, IC, STC, LM, STM, CR, BC, BCT.
const LOOP =
  '5810C000 5A10C004 5010C008 1821 1A23 41303001 D207C010C020 D507C010C020 ' +
  '4340C030 4240C031 9825C040 9025C050 1924 4780B000 46A0B000 0000';

function machine(dat: boolean): Cpu {
  const cpu = new Cpu(new Storage(SIZE));
  cpu.initialReset();
  const hex = LOOP.replace(/\s+/g, '');
  for (let i = 0; i < hex.length; i += 2) cpu.storage.write8(0x1000 + i / 2, parseInt(hex.slice(i, i + 2), 16));
  cpu.storage.write32(0x68, 0x000a0000);
  cpu.storage.write32(0x6c, 0x68);
  if (dat) {
    // Identity tables at X'80000': 16 segments of 16 4K pages.
    cpu.cr[0] = 0x008000e0;
    cpu.cr[1] = 0x00080000;
    for (let s = 0; s < 16; s++) {
      const pt = 0x80100 + s * 32;
      cpu.storage.write32(0x80000 + s * 4, 0xf0000000 | pt);
      for (let p = 0; p < 16; p++) cpu.storage.write16(pt + p * 2, ((s << 16) | (p << 12)) >>> 8);
    }
    cpu.loadPsw(0x04080000, 0x1000);
  } else {
    cpu.loadPsw(0, 0x1000);
  }
  return cpu;
}

function measure(dat: boolean, instructions: number): number {
  const cpu = machine(dat);
  cpu.gpr[10] = 0x7fffffff;
  cpu.gpr[11] = 0x1000;
  cpu.gpr[12] = 0x2000;
  const t0 = performance.now();
  const r = run(cpu, instructions);
  const ms = performance.now() - t0;
  if (r !== 'limit' || cpu.instructions !== instructions) throw new Error(`bench loop ended early: ${r} after ${cpu.instructions}`);
  return instructions / ms / 1000;
}

const millions = Number(process.argv[2] ?? 20);
const n = Math.round(millions * 1e6);
measure(false, 2e6);
measure(true, 2e6);
let off = 0;
let on = 0;
for (let i = 0; i < 3; i++) {
  off = Math.max(off, measure(false, n));
  on = Math.max(on, measure(true, n));
}
const cost = (1 - on / off) * 100;
process.stdout.write(`DAT off: ${off.toFixed(1)} MIPS\nDAT on:  ${on.toFixed(1)} MIPS\ncost:    ${cost.toFixed(1)}%\n`);
