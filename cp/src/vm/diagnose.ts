// DIAGNOSE in a virtual machine (GC20-1807-7 "DIAGNOSE Instruction in a Virtual Machine",
// pp. 213-238): the code is the operand address; Rx and Ry are the instruction's register
// fields; addresses in registers are real addresses of the virtual machine. CP handles
// the codes in this table; any other code is a specification exception, as is a
// DIAGNOSE with an odd code.
import { PGM_ADDRESSING, PGM_SPECIFICATION, toEbcdic, fromEbcdic, type Cpu } from '../../../cpu370/index.ts';
import type { VirtualMachine } from './machine.ts';

export type DiagnoseHandler = (vm: VirtualMachine, cpu: Cpu, rx: number, ry: number) => void;

/** Guest-real range check: an addressing exception if any byte is outside the VM's storage. */
export function guestRange(cpu: Cpu, real: number, len: number): number {
  const a = cpu.absolute(real & 0xffffff);
  if (len < 0 || a + len > cpu.size) cpu.programCheck(PGM_ADDRESSING);
  return a;
}

/** X'00': store the extended-identification code (p. 214). */
function diag00(vm: VirtualMachine, cpu: Cpu, rx: number, ry: number): void {
  const count = cpu.gpr[ry]!;
  if (count <= 0) return;
  const id = new Uint8Array(40);
  id.set(toEbcdic('VM/370  '), 0);
  // Version, level, PLC: R6, level 0, PLC 17.
  id.set([0x06, 0x00, 0x17], 8);
  id[11] = 0x00; // version code
  // MCEL length (2 bytes) at 12: 0, processor address at 14.
  id[14] = (cpu.cpuAddress >>> 8) & 0xff;
  id[15] = cpu.cpuAddress & 0xff;
  id.set(toEbcdic(vm.userid.padEnd(8)), 16);
  // Program-product bit map (8 bytes at 24) all zero; bytes 32-39 reserved.
  const n = Math.min(count, 40);
  const a = guestRange(cpu, cpu.gpr[rx]! >>> 0, n);
  cpu.mem.set(id.subarray(0, n), a);
}

const RESPONSE_TO_BUFFER = 0x40;
const MAX_COMMAND = 132;
const MAX_BUFFER = 8192;

/** X'08': issue CP commands, the response to the terminal or to a buffer (p. 216). */
function diag08(vm: VirtualMachine, cpu: Cpu, rx: number, ry: number): void {
  const ryv = cpu.gpr[ry]! >>> 0;
  const flags = ryv >>> 24;
  const len = ryv & 0xffffff;
  if (len === 0) {
    // A length of zero: no command; the virtual machine is put into CP READ.
    vm.enterCpMode();
    cpu.stopRequest = 'intercept';
    return;
  }
  if (len > MAX_COMMAND) cpu.programCheck(PGM_SPECIFICATION);
  const toBuffer = (flags & RESPONSE_TO_BUFFER) !== 0;
  if (toBuffer && (Math.abs(rx - ry) === 1 || rx === 15 || ry === 15 || rx === ry)) cpu.programCheck(PGM_SPECIFICATION);
  const start = guestRange(cpu, cpu.gpr[rx]! >>> 0, len);
  const bytes = cpu.mem.slice(start, start + len);
  let bufAddr = 0;
  let bufLen = 0;
  if (toBuffer) {
    bufAddr = cpu.gpr[rx + 1]! >>> 0;
    bufLen = cpu.gpr[ry + 1]! >>> 0;
    if (bufLen > MAX_BUFFER) cpu.programCheck(PGM_SPECIFICATION);
    guestRange(cpu, bufAddr, bufLen);
  }
  const lines: string[] = [];
  let code = 0;
  for (const command of splitCommands(bytes)) {
    code = vm.cp.execute(vm, fromEbcdic(command), toBuffer ? (l) => lines.push(l) : null);
    if (code !== 0) break;
  }
  cpu.gpr[ry] = code;
  if (toBuffer) {
    // Only whole lines, each ended by X'15'; cc 1 and the bytes that did not fit in Ry+1.
    let used = 0;
    let missing = 0;
    const a = cpu.absolute(bufAddr & 0xffffff);
    for (const l of lines) {
      const bytes = toEbcdic(l);
      if (missing === 0 && used + bytes.length + 1 <= bufLen) {
        cpu.mem.set(bytes, a + used);
        cpu.mem[a + used + bytes.length] = 0x15;
        used += bytes.length + 1;
      } else missing += bytes.length + 1;
    }
    cpu.gpr[ry + 1] = missing === 0 ? used : missing;
    cpu.cc = missing === 0 ? 0 : 1;
  }
  // The command may have changed the machine (IPL, SYSTEM RESET, LOGOFF ...).
  cpu.stopRequest = 'intercept';
}

/** Commands are separated by X'15' (before translation: X'15' is NL in EBCDIC). */
function splitCommands(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x15) {
      out.push(bytes.subarray(from, i));
      from = i + 1;
    }
  }
  return out;
}

export const DIAGNOSE_HANDLERS: ReadonlyMap<number, DiagnoseHandler> = new Map<number, DiagnoseHandler>([
  [0x00, diag00],
  [0x08, diag08],
]);

export function diagnose(vm: VirtualMachine, cpu: Cpu, rx: number, ry: number, address: number): void {
  const code = address & 0xffff;
  const handler = DIAGNOSE_HANDLERS.get(code);
  if (!handler) cpu.programCheck(PGM_SPECIFICATION);
  handler(vm, cpu, rx, ry);
}
