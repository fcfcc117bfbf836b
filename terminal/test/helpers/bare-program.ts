// A stand-alone S/370 program (BC mode, origin X'800', base register 0) that drives the
// 3270 at X'010' with real CCWs: Erase/Write of a formatted screen when the terminal
// becomes ready (unsolicited device end), Read Modified on attention, then a Write with
// "HELLO <name> AID=<aid byte>". Built here as machine code so the test needs no assembler.
import { toEbcdic } from '../../../cpu370/index.ts';
import { encodeAddress, ORDER } from '../../index.ts';

type Emit = (at: (label: string) => number) => number[];
interface Item {
  label?: string;
  size: number;
  emit: Emit;
}

const h = (v: number): number[] => [(v >> 8) & 0xff, v & 0xff];
const w = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const e = (s: string): number[] => Array.from(toEbcdic(s));

export const ORIGIN = 0x800;

export function bareProgram(devnum = 0x010): Uint8Array {
  const items: Item[] = [];
  const op = (size: number, emit: Emit, label?: string): void => void items.push(label ? { label, size, emit } : { size, emit });
  // Base 0, displacement = absolute address (everything lies below X'1000').
  const ss = (code: number, len: number, d1: number | string, d2: number | string, label?: string): void =>
    op(6, (at) => [code, len, ...h(typeof d1 === 'string' ? at(d1) : d1), ...h(typeof d2 === 'string' ? at(d2) : d2)], label);
  const si = (code: number, imm: number, d: number | string, label?: string): void =>
    op(4, (at) => [code, imm, ...h(typeof d === 'string' ? at(d) : d)], label);
  const rx = (code: number, r: number, d: number | string, label?: string): void =>
    op(4, (at) => [code, r << 4, ...h(typeof d === 'string' ? at(d) : d)], label);
  const rr = (code: number, r1: number, r2: number, label?: string): void => op(2, () => [code, (r1 << 4) | r2], label);
  const data = (bytes: number[], label?: string): void => op(bytes.length, () => bytes, label);
  const dataFn = (size: number, emit: Emit, label: string): void => op(size, emit, label);

  const MVC = 0xd2, MVI = 0x92, CLI = 0x95, TM = 0x91, BC = 0x47, LPSW = 0x82, SIO = 0x9c, LH = 0x48, LA = 0x41, CH = 0x49, EX = 0x44;
  ss(MVC, 7, 0x78, 'IONEW', 'START');
  ss(MVC, 7, 0x68, 'PGMNEW');
  si(MVI, 0, 'STATE');
  ss(MVC, 3, 0x48, 'CAWEW', 'WRSCR');
  si(SIO, 0, devnum);
  si(LPSW, 0, 'WAITPSW', 'LOOP');
  si(CLI, 1, 'STATE', 'IOH');
  rx(BC, 8, 'RMDONE');
  si(TM, 0x80, 0x44);
  rx(BC, 1, 'ATTN');
  si(TM, 0x08, 0x44);
  rx(BC, 1, 'LOOP');
  si(TM, 0x04, 0x44);
  rx(BC, 1, 'WRSCR');
  rx(BC, 15, 'LOOP');
  ss(MVC, 3, 0x48, 'CAWRM', 'ATTN');
  si(SIO, 0, devnum);
  si(MVI, 1, 'STATE');
  rx(BC, 15, 'LOOP');
  si(TM, 0x04, 0x44, 'RMDONE');
  rx(BC, 14, 'LOOP');
  si(MVI, 0, 'STATE');
  ss(MVC, 19, 'NAMEF', 'BLANKS');
  ss(MVC, 0, 'AIDF', 'BUF');
  rx(LH, 2, 0x46);
  rx(LA, 3, 250);
  rr(0x1b, 3, 2);
  rx(BC, 12, 'NONAME');
  rx(CH, 3, 'TWENTY');
  rx(BC, 12, 'OK');
  rx(LA, 3, 20);
  rr(0x06, 3, 0, 'OK');
  rx(EX, 3, 'MVCNAME');
  ss(MVC, 3, 0x48, 'CAWW', 'NONAME');
  si(SIO, 0, devnum);
  rx(BC, 15, 'LOOP');
  ss(MVC, 0, 'NAMEF', 'BUF+6', 'MVCNAME');
  data([0, 0], 'ALIGN');
  data(h(20), 'TWENTY');
  // Doubleword-aligned constants follow; the builder pads below.
  const screen = (() => {
    const at = (r: number, c: number): number[] => [ORDER.SBA, ...encodeAddress(r * 80 + c, 1920)];
    return [
      0xc3, ...at(0, 0), ORDER.SF, 0xe8, ...e('VM/370 BARE MACHINE 3270 TEST'),
      ...at(2, 0), ORDER.SF, 0x60, ...e('NAME:'), ...at(2, 7), ORDER.SF, 0x40, ORDER.IC, ...at(2, 28), ORDER.SF, 0x60,
      ...at(23, 0), ORDER.SF, 0x60, ...e('LAST ROW OF 24X80'),
    ];
  })();
  const replyHead = [0x03, ORDER.SBA, ...encodeAddress(4 * 80, 1920), ORDER.SF, 0x60, ...e('HELLO ')];
  const replyLen = replyHead.length + 20 + 5 + 1;
  data([], 'DW');
  dataFn(8, () => [0xfe, 0x02, 0, 0, 0, 0, 0, 0], 'WAITPSW');
  dataFn(8, (at) => [0, 0, 0, 0, ...w(at('IOH'))], 'IONEW');
  dataFn(8, () => [0, 2, 0, 0, 0, 0, 0, 0x68], 'PGMNEW');
  dataFn(8, (at) => [0x05, ...w(at('SCREEN')).slice(1), 0x20, 0, ...h(screen.length)], 'EWCCW');
  dataFn(8, (at) => [0x06, ...w(at('BUF')).slice(1), 0x20, 0, ...h(256)], 'RMCCW');
  dataFn(8, (at) => [0x01, ...w(at('REPLY')).slice(1), 0x20, 0, ...h(replyLen)], 'WCCW');
  dataFn(4, (at) => w(at('EWCCW')), 'CAWEW');
  dataFn(4, (at) => w(at('RMCCW')), 'CAWRM');
  dataFn(4, (at) => w(at('WCCW')), 'CAWW');
  data([0], 'STATE');
  data(new Array(20).fill(0x40), 'BLANKS');
  data(replyHead, 'REPLY');
  data(new Array(20).fill(0x40), 'NAMEF');
  data(e(' AID='), 'AIDLBL');
  data([0x40], 'AIDF');
  data(screen, 'SCREEN');
  data(new Array(256).fill(0), 'BUF');

  const labels = new Map<string, number>();
  let pc = ORIGIN;
  for (const it of items) {
    if (it.label === 'DW') pc = (pc + 7) & ~7;
    if (it.label) labels.set(it.label, pc);
    pc += it.size;
  }
  const at = (name: string): number => {
    const [base, off] = name.split('+');
    const v = labels.get(base!);
    if (v === undefined) throw new Error(`no label ${base}`);
    return v + Number(off ?? 0);
  };
  const out = new Uint8Array(pc - ORIGIN);
  for (const it of items) {
    const bytes = it.emit(at);
    if (bytes.length !== it.size) throw new Error(`size mismatch at ${it.label ?? '?'}`);
    if (it.label) out.set(bytes, at(it.label) - ORIGIN);
  }
  // Unlabelled items: lay them out again in order.
  pc = ORIGIN;
  for (const it of items) {
    if (it.label === 'DW') pc = (pc + 7) & ~7;
    out.set(it.emit(at), pc - ORIGIN);
    pc += it.size;
  }
  if (pc > 0x1000) throw new Error('program must stay below X\'1000\' (base 0)');
  return out;
}
