// Program interruptions as general instructions raise them: storage keys and fetch
// protection, addressing, operands crossing 2K key blocks, ILC and the old PSW for
// suppression and completion, instruction-fetch exceptions, BC vs EC placement of the
// interruption code, privileged and unassigned operations.
import { describe, expect, it } from 'vitest';
import { bytes, CODE, exec, machine, programCheck, reg, step } from './machine.ts';

const KEY = (k: number, fetch = false) => (k << 4) | (fetch ? 8 : 0);

describe('key-controlled protection', () => {
  it('a store into a block with another key is a protection exception; nothing is stored', () => {
    const cpu = exec({ code: '50100800', key: 2, keys: { 0x0: KEY(0), 0x1000: KEY(2) }, regs: { 1: -1 } });
    expect(programCheck(cpu)).toEqual({ code: 4, ilc: 2, ia: CODE + 4, cc: 0 });
    expect(bytes(cpu, 0x800, 4)).toBe('00000000');
  });
  it('the matching key, and key 0, may store', () => {
    expect(programCheck(exec({ code: '50103000', regs: { 3: 0x3000 }, key: 2, keys: { 0x1000: KEY(2), 0x3000: KEY(2) } }))).toBeUndefined();
    expect(programCheck(exec({ code: '50103000', regs: { 3: 0x3000 }, key: 0, keys: { 0x3000: KEY(9) } }))).toBeUndefined();
  });
  it('fetching from another key is allowed unless the fetch-protection bit is on', () => {
    let cpu = exec({ code: '58103000', regs: { 3: 0x3000 }, key: 2, keys: { 0x1000: KEY(2), 0x3000: KEY(5) }, mem: { 0x3000: '01020304' } });
    expect(reg(cpu, 1)).toBe(0x01020304);
    cpu = exec({ code: '58103000', regs: { 3: 0x3000 }, key: 2, keys: { 0x1000: KEY(2), 0x3000: KEY(5, true) }, mem: { 0x3000: '01020304' } });
    expect(programCheck(cpu)).toEqual({ code: 4, ilc: 2, ia: CODE + 4, cc: 0 });
    expect(reg(cpu, 1)).toBe(0);
  });
  it('an operand crossing into a protected 2K block is protected as a whole (MVC suppressed)', () => {
    const cpu = exec({ code: 'D20F37F84000', key: 2, regs: { 3: 0x3000, 4: 0x4000 }, keys: { 0x1000: KEY(2), 0x3000: KEY(2), 0x3800: KEY(3), 0x4000: KEY(2) }, mem: { 0x4000: 'FF'.repeat(16) } });
    expect(programCheck(cpu)).toEqual({ code: 4, ilc: 3, ia: CODE + 6, cc: 0 });
    expect(bytes(cpu, 0x37f8, 16)).toBe('00'.repeat(16));
  });
  it('a fullword load crossing into a fetch-protected block', () => {
    const cpu = exec({ code: '581037FE', regs: { 3: 0x3000 }, key: 2, keys: { 0x1000: KEY(2), 0x3000: KEY(2), 0x3800: KEY(3, true) } });
    expect(programCheck(cpu)?.code).toBe(4);
  });
  it('an SI instruction on a protected byte (NI) changes nothing', () => {
    const cpu = exec({ code: '94003000', regs: { 3: 0x3000 }, key: 1, keys: { 0x1000: KEY(1), 0x3000: KEY(2) }, mem: { 0x3000: 'FF' } });
    expect(programCheck(cpu)?.code).toBe(4);
    expect(bytes(cpu, 0x3000, 1)).toBe('FF');
  });
  it('instruction fetch from a fetch-protected block', () => {
    const cpu = exec({ code: '1812', key: 1, keys: { 0x1000: KEY(2, true) } });
    expect(programCheck(cpu)?.code).toBe(4);
  });
  it('sets the reference and change bits', () => {
    const cpu = exec({ code: '50103000', regs: { 3: 0x3000 } });
    expect(cpu.keys[0x3000 >>> 11]! & 0x06).toBe(0x06);
    expect(cpu.keys[0x1000 >>> 11]! & 0x06).toBe(0x04); // fetched only
  });
});

describe('addressing', () => {
  it('an operand beyond the end of storage: addressing exception, suppressed', () => {
    const cpu = exec({ code: '58103000', regs: { 1: 7, 3: 0x100000 }, size: 1 << 20 });
    expect(programCheck(cpu)).toEqual({ code: 5, ilc: 2, ia: CODE + 4, cc: 0 });
    expect(reg(cpu, 1)).toBe(7);
  });
  it('a fullword straddling the end of storage', () => {
    expect(programCheck(exec({ code: '581031FE', regs: { 3: 0xffe00 }, size: 1 << 20 }))?.code).toBe(5);
  });
  it('LA computes any address without an exception', () => {
    expect(programCheck(exec({ code: '41103000', regs: { 3: 0xf00000 }, size: 1 << 20 }))).toBeUndefined();
  });
});

describe('instruction fetch', () => {
  it('an odd instruction address is a specification exception (ILC 1, address advanced by 2)', () => {
    const cpu = machine({ code: '07F1', regs: { 1: 0x2001 } });
    step(cpu, 2);
    expect(programCheck(cpu)).toEqual({ code: 6, ilc: 1, ia: 0x2003, cc: 0 });
  });
  it('an instruction address outside storage is an addressing exception', () => {
    const cpu = machine({ code: '07F1', regs: { 1: 0x100000 }, size: 1 << 20 });
    step(cpu, 2);
    expect(programCheck(cpu)).toEqual({ code: 5, ilc: 1, ia: 0x100002, cc: 0 });
  });
  it('an instruction whose second halfword lies outside storage', () => {
    const cpu = machine({ code: '07F1', regs: { 1: 0xffffe }, size: 1 << 20 });
    cpu.mem[0xffffe] = 0x58;
    step(cpu, 2);
    expect(programCheck(cpu)?.code).toBe(5);
  });
  it('an unassigned opcode is an operation exception with the ILC of its format', () => {
    expect(programCheck(exec({ code: '0000' }))).toEqual({ code: 1, ilc: 1, ia: CODE + 2, cc: 0 });
    expect(programCheck(exec({ code: 'A7000000' }))).toEqual({ code: 1, ilc: 2, ia: CODE + 4, cc: 0 });
    expect(programCheck(exec({ code: 'E80000000000' }))).toEqual({ code: 1, ilc: 3, ia: CODE + 6, cc: 0 });
    expect(programCheck(exec({ code: 'B2FF0000' }))?.code).toBe(1);
  });
  it('a privileged instruction in the problem state', () => {
    expect(programCheck(exec({ code: '80000800', problem: true }))).toEqual({ code: 2, ilc: 2, ia: CODE + 4, cc: 0 });
  });
});

describe('BC and EC mode interruption code placement', () => {
  it('BC mode: code in bits 16-31 and ILC in bits 32-33 of the old PSW', () => {
    const cpu = exec({ code: '1D34', cc: 1 });
    expect(cpu.storage.read32(0x28)).toBe(0x00000006);
    expect(cpu.storage.read32(0x2c)).toBe((0x50000000 | (CODE + 2)) >>> 0);
  });
  it('EC mode: code at X\'8E\', ILC at X\'8D\', old PSW in EC format with CC and mask', () => {
    const cpu = exec({ code: '1A12', ec: true, regs: { 1: 0x7fffffff, 2: 1 }, progMask: 8 });
    expect(cpu.storage.read16(0x8e)).toBe(8);
    expect(cpu.storage.read8(0x8d)).toBe(2);
    expect(cpu.storage.read32(0x28)).toBe(0x00083800);
    expect(cpu.storage.read32(0x2c)).toBe(CODE + 2);
  });
  it('the old PSW keeps the key and problem state', () => {
    const cpu = exec({ code: '0000', key: 3, problem: true, keys: { 0x1000: KEY(3) } });
    expect(cpu.storage.read32(0x28)).toBe(0x00310001);
  });
});
