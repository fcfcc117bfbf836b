// The interpreter's inline fast paths (plain mode: DAT off, key 0, prefix 0) must do
// exactly what the semantic routines do: each fast-path instruction runs with random
// operands once through the slice (`run`) and once through the routine alone
// (`executeInstruction`, as EX does), and the two CPUs must end identical.
import { describe, expect, it } from 'vitest';
import { executeInstruction } from '../../index.ts';
import { FAST_PATHS } from '../../src/interp/fast-paths.ts';
import { BY_MNEMONIC } from '../../src/arch/opcodes.ts';
import { CODE, machine, step } from './machine.ts';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fast paths agree with the semantic routines', () => {
  for (const mnemonic of Object.keys(FAST_PATHS)) {
    it(mnemonic, () => {
      const r = rng(mnemonic.charCodeAt(0) * 31 + mnemonic.length);
      const row = BY_MNEMONIC.get(mnemonic)!;
      for (let n = 0; n < 100; n++) {
        const int = (k: number) => Math.floor(r() * k);
        const len = row.opcode < 0x40 ? 2 : row.opcode < 0xc0 ? 4 : 6;
        const bytes = [row.opcode, int(256), 0, 0, 0, 0];
        // Operand addresses near block and storage edges: base registers 1-3, displacements.
        const edges = [0x7fe, 0x7ff, 0x800, 0xffe, 0x3000, 0xfffe, 0x1fffc, 0x1fffe, 0x20000, 0xfffffe];
        const regs: Record<number, number> = {};
        for (let i = 0; i < 16; i++) regs[i] = r() < 0.5 ? int(0x20000) : (int(0x10000) << 16) | int(0x10000);
        for (const b of [1, 2, 3]) regs[b] = edges[int(edges.length)]! - int(4);
        if (len >= 4) {
          bytes[2] = ((1 + int(3)) << 4) | int(16);
          bytes[3] = int(256);
        }
        if (len === 6) {
          bytes[4] = ((1 + int(3)) << 4) | int(16);
          bytes[5] = int(256);
        }
        if (r() < 0.5) bytes[1] = (bytes[1]! & 0xf0) | int(4); // index register 0-3
        const code = bytes.slice(0, len).map((b) => b.toString(16).padStart(2, '0')).join('');
        const cc = int(4);
        const a = machine({ code, regs, cc, progMask: int(16), size: 128 * 1024 });
        const b = machine({ code, regs, cc, progMask: a.progMask, size: 128 * 1024 });
        a.updateTimers = (cpu) => void (cpu.timerBudget = 1 << 30); // no interval timer storing into X'50'
        for (const cpu of [a, b]) for (let i = 0x2000; i < 0x4000; i++) cpu.mem[i] = (i * 7) & 0xff;
        for (const cpu of [a, b]) for (let i = 0x1f000; i < 0x20000; i++) cpu.mem[i] = (i * 13) & 0xff;
        step(a);
        // b: the routine alone, with program checks taken the same way as the slice takes them
        const w = (bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!;
        const h = (bytes[4]! << 8) | bytes[5]!;
        b.ia = CODE + len;
        b.keys[CODE >>> 11]! |= 4; // the slice's instruction fetch references the code block
        try {
          executeInstruction(b, len === 2 ? w & 0xffff0000 : w, len === 6 ? h : 0);
          b.instructions++;
        } catch {
          b.programInterrupt(b.pgmCode, len >>> 1, CODE + len);
          b.instructions++;
        }
        const state = (cpu: typeof a) => ({ gpr: [...cpu.gpr], cc: cpu.cc, ia: cpu.ia, pgm: cpu.pgmLog, keys: Buffer.from(cpu.keys).toString('hex') });
        expect(state(a), `${mnemonic} ${code} regs ${JSON.stringify(regs)}`).toEqual(state(b));
        const diff = Buffer.compare(Buffer.from(a.mem.buffer), Buffer.from(b.mem.buffer)) === 0 ? -1 : a.mem.findIndex((v, i) => v !== b.mem[i]);
        expect(diff, `${mnemonic} ${code}: storage differs at ${diff.toString(16)}`).toBe(-1);
      }
    });
  }
});
