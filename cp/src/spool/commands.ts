// Spool commands: CLOSE (CPGU scans 65-66), PURGE, TRANSFER, and the QUERY READER /
// PRINTER / PUNCH display (Operator's Guide R6 scan 150: columns OWNERID/ORIGINID FILE
// CLASS RECDS CPY HOLD, with ALL also DATE TIME NAME TYPE DIST). Response texts other than
// `xxx FILE nnnn  TO  userid COPY nn NOHOLD` (CE output) are chosen, not seen in R6 pages.
import type { CommandContext, CommandDef } from '../commands/framework.ts';
import { CpError, fail, type MessageDef } from '../commands/messages.ts';
import { abbreviates as ab, hex3, required } from '../commands/operands.ts';
import type { VirtualMachine } from '../vm/machine.ts';
import { spoolDevices } from './close.ts';
import { readerFilesArrived, SpoolDevice, type CloseOptions } from './device.ts';
import { spoolid, type SpoolFile, type SpoolQueue } from './store.ts';

export const SPOOL_MESSAGES = {
  noSuchFile: { id: 'DMKCSU042E', text: 'SPOOLID {0} DOES NOT EXIST', confirmed: false },
} as const satisfies Record<string, MessageDef>;

/** RDR / PRT / PUN from Reader, Printer, PUnch and their short forms; undefined otherwise. */
export function queueWord(op: string): SpoolQueue | undefined {
  if (op === 'RDR' || ab(op, 'READER', 1)) return 'RDR';
  if (op === 'PRT' || ab(op, 'PRINTER', 1)) return 'PRT';
  if (op === 'PCH' || op === 'PUN' || ab(op, 'PUNCH', 2)) return 'PUN';
  return undefined;
}

/** The queue a command's first operand names; a missing or other word fails. */
function queueOperand(which: string | undefined): SpoolQueue {
  if (!which) fail('operandMissing');
  const q = queueWord(which);
  if (!q) fail('invalidOperand', which);
  return q;
}

const KIND: Record<SpoolQueue, SpoolDevice['kind']> = { RDR: 'READER', PRT: 'PRINTER', PUN: 'PUNCH' };

/**
 * The spool devices an operand names: all readers, printers or punches, or one device
 * number. A number naming a device that is not spooled is not found for CLOSE
 * (`otherDevice` 'notFound') and an invalid operand for SPOOL ('invalid').
 */
export function namedSpoolDevices(vm: VirtualMachine, which: string, otherDevice: 'notFound' | 'invalid'): SpoolDevice[] {
  const q = queueWord(which);
  let devs: SpoolDevice[];
  if (q) devs = spoolDevices(vm).filter((d) => d.kind === KIND[q]);
  else if (/^[0-9A-F]{1,3}$/.test(which)) {
    const devnum = parseInt(which, 16);
    const d = vm.devices.get(devnum);
    if (!d || (!(d instanceof SpoolDevice) && otherDevice === 'notFound')) fail('deviceNotExist', hex3(devnum));
    if (!(d instanceof SpoolDevice)) fail('invalidOperand', which);
    devs = [d];
  } else fail('invalidOperand', which);
  if (devs.length === 0) fail('deviceNotExist', which);
  return devs;
}

/** A COPY count: 1 to 99. */
export function copiesOperand(c: string): number {
  if (!/^\d{1,2}$/.test(c) || Number(c) < 1) fail('invalidOperand', c);
  return Number(c);
}

export const CLOSE: CommandDef = {
  name: 'CLOSE',
  min: 2,
  classes: 'G',
  run(ctx, args) {
    const vm = ctx.vm!;
    const [which, ...ops] = args;
    if (!which) fail('operandMissing');
    const devs = namedSpoolDevices(vm, which, 'notFound');
    const opts: CloseOptions = {};
    const reader = devs[0]!.kind === 'READER';
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      if (ab(op, 'HOLD', 2)) opts.hold = true;
      else if (ab(op, 'NOHOLD', 3)) opts.hold = false;
      else if (!reader && ab(op, 'PURGE', 2)) opts.purge = true;
      else if (!reader && ab(op, 'DIST', 2) && ops[i + 1]) opts.dist = ops[++i]!;
      else if (!reader && ab(op, 'NAME', 2) && ops[i + 1]) {
        opts.name = ops[++i]!;
        if (ops[i + 1]) opts.type = ops[++i]!;
      } else fail('invalidOperand', op);
    }
    for (const d of devs) for (const line of d.closeFile(opts)) ctx.out(line);
  },
};

/** The files a user sees on a queue: closed files, and (printer, punch) the files still open on the devices. */
function files(vm: VirtualMachine, q: SpoolQueue): SpoolFile[] {
  const closed = vm.cp.spool.queue(vm.userid, q);
  if (q === 'RDR') return closed;
  const open = spoolDevices(vm)
    .filter((d) => d.kind === KIND[q] && d.open)
    .map((d) => d.open!);
  return [...open, ...closed];
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function row(f: SpoolFile, q: SpoolQueue, all: boolean): string {
  const who = q === 'RDR' ? f.origin : f.owner;
  const base = `${who.padEnd(8)} ${spoolid(f.id)} ${f.spoolClass} ${f.originType} ${String(f.records.length).padStart(8, '0')} ${pad2(f.copies)} ${f.hold ? 'USER' : 'NONE'}`;
  if (!all) return base;
  const d = new Date(f.created);
  const date = `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}`;
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${base} ${date} ${time} ${f.name.padEnd(8)} ${f.type.padEnd(8)} ${f.dist}`.trimEnd();
}

/** QUERY Reader|Printer|PUnch [spoolid|ALL]. */
export function querySpool(ctx: CommandContext, q: SpoolQueue, args: readonly string[]): void {
  const vm = ctx.vm!;
  let list = files(vm, q);
  let all = false;
  for (const op of args) {
    if (op === 'ALL') all = true;
    else if (/^\d{1,4}$/.test(op)) {
      list = list.filter((f) => f.id === Number(op));
      if (list.length === 0) throw new CpError(SPOOL_MESSAGES.noSuchFile, [spoolid(Number(op))]);
      all = true;
    } else fail('invalidOperand', op);
  }
  if (list.length === 0) return ctx.out(`NO ${q} FILES`);
  ctx.out(`${q === 'RDR' ? 'ORIGINID' : 'OWNERID '} FILE CLASS RECDS    CPY HOLD${all ? ' DATE  TIME     NAME     TYPE     DIST' : ''}`);
  for (const f of list) ctx.out(row(f, q, all));
}

/** The closed files a command names: `spoolid ...`, `CLASS c` or `ALL`, on the user's queue. */
function select(ctx: CommandContext, q: SpoolQueue, ops: readonly string[]): SpoolFile[] {
  const vm = ctx.vm!;
  const queue = vm.cp.spool.queue(vm.userid, q);
  if (ops.length === 0) fail('operandMissing');
  if (ops.length === 1 && ops[0] === 'ALL') return queue;
  if (ab(ops[0]!, 'CLASS', 2)) {
    if (ops.length !== 2) fail('operandMissing');
    return queue.filter((f) => f.spoolClass === ops[1]);
  }
  return ops.map((op) => {
    if (!/^\d{1,4}$/.test(op)) fail('invalidOperand', op);
    const f = queue.find((x) => x.id === Number(op));
    if (!f) throw new CpError(SPOOL_MESSAGES.noSuchFile, [spoolid(Number(op))]);
    return f;
  });
}

/** A reader file leaves the queue: a reader that was reading it forgets it. */
function detachFromReaders(vm: VirtualMachine, f: SpoolFile): void {
  for (const d of spoolDevices(vm)) if (d.open === f) d.open = null;
}

const countText = (n: number, what: string): string => (n === 0 ? `NO FILES ${what}` : `${spoolid(n)} FILE${n === 1 ? '' : 'S'} ${what}`);

/** PURGE Reader|Printer|PUnch spoolid...|CLASS c|ALL */
export const PURGE: CommandDef = {
  name: 'PURGE',
  min: 3,
  classes: 'G',
  run(ctx, args) {
    const vm = ctx.vm!;
    const [which, ...ops] = args;
    const q = queueOperand(which);
    const list = select(ctx, q, ops);
    for (const f of list) {
      detachFromReaders(vm, f);
      vm.cp.spool.remove(f.id);
    }
    ctx.out(countText(list.length, 'PURGED'));
  },
};

/** CHANGE Reader|Printer|PUnch spoolid...|CLASS c|ALL [CLass c] [HOld|NOHold] [COpy nn] [NAme fn [ft]] [DIst d] */
export const CHANGE: CommandDef = {
  name: 'CHANGE',
  min: 2,
  classes: 'G',
  run(ctx, args) {
    const vm = ctx.vm!;
    const [which, ...ops] = args;
    const q = queueOperand(which);
    let n = 0;
    if (ops[0] === 'ALL') n = 1;
    else if (ops[0] && ab(ops[0], 'CLASS', 2)) n = 2;
    else while (n < ops.length && /^\d{1,4}$/.test(ops[n]!)) n++;
    const list = select(ctx, q, ops.slice(0, n));
    const changes: Array<(f: SpoolFile) => void> = [];
    const rest = ops.slice(n);
    if (rest.length === 0) fail('operandMissing');
    for (let i = 0; i < rest.length; i++) {
      const op = rest[i]!;
      if (ab(op, 'CLASS', 2)) {
        const c = required(rest[++i]);
        if (!/^[A-Z0-9]$/.test(c)) fail('invalidOperand', c);
        changes.push((f) => (f.spoolClass = c));
      } else if (ab(op, 'HOLD', 2)) changes.push((f) => (f.hold = true));
      else if (ab(op, 'NOHOLD', 3)) changes.push((f) => (f.hold = false));
      else if (ab(op, 'COPY', 2)) {
        const copies = copiesOperand(required(rest[++i]));
        changes.push((f) => (f.copies = copies));
      } else if (ab(op, 'DIST', 2)) {
        const d = required(rest[++i]);
        changes.push((f) => (f.dist = d));
      } else if (ab(op, 'NAME', 2)) {
        const fn = required(rest[++i]);
        const ft = rest[i + 1] !== undefined && !/^(CL|CLA|CLAS|CLASS|HO|HOL|HOLD|NOH|NOHO|NOHOL|NOHOLD|CO|COP|COPY|DI|DIS|DIST)$/.test(rest[i + 1]!) ? rest[++i]! : '';
        changes.push((f) => {
          f.name = fn;
          f.type = ft;
        });
      } else fail('invalidOperand', op);
    }
    for (const f of list) {
      for (const c of changes) c(f);
      if (f.queue === 'PRT' && !f.hold) {
        // A released printer file goes to the system printer.
        vm.cp.spool.print(f);
        vm.cp.spool.remove(f.id);
      } else vm.cp.spool.put(f);
    }
    if (q === 'RDR') readerFilesArrived(vm);
    ctx.out(countText(list.length, 'CHANGED'));
  },
};

/** ORDER Reader|Printer|PUnch spoolid...|CLASS c ...: these files first, in the order given. */
export const ORDER: CommandDef = {
  name: 'ORDER',
  min: 2,
  classes: 'G',
  run(ctx, args) {
    const vm = ctx.vm!;
    const [which, ...ops] = args;
    const q = queueOperand(which);
    if (ops.length === 0) fail('operandMissing');
    const queue = vm.cp.spool.queue(vm.userid, q);
    const picked: SpoolFile[] = [];
    for (let i = 0; i < ops.length; i++) {
      const group = ab(ops[i]!, 'CLASS', 2) ? select(ctx, q, [ops[i]!, ops[++i] ?? '']) : select(ctx, q, [ops[i]!]);
      for (const f of group) if (!picked.includes(f)) picked.push(f);
    }
    const first = Math.min(...queue.map((f) => f.order ?? f.created));
    picked.forEach((f, i) => {
      f.order = first - picked.length + i;
      vm.cp.spool.put(f);
    });
    ctx.out(countText(picked.length, 'ORDERED'));
  },
};

/** TRANSFER [Reader] spoolid...|CLASS c|ALL TO userid: reader files go to another user's reader. */
export const TRANSFER: CommandDef = {
  name: 'TRANSFER',
  min: 4,
  classes: 'G',
  run(ctx, args) {
    const vm = ctx.vm!;
    const ops = [...args];
    if (ops[0] && queueWord(ops[0]) === 'RDR') ops.shift();
    const toAt = ops.indexOf('TO');
    if (toAt < 0 || toAt !== ops.length - 2) fail('operandMissing');
    const userid = ops[toAt + 1] === '*' ? vm.userid : ops[toAt + 1]!;
    if (!ctx.cp.user(userid)) fail('notInDirectory', userid);
    const list = select(ctx, 'RDR', ops.slice(0, toAt));
    for (const f of list) {
      detachFromReaders(vm, f);
      f.owner = userid;
      vm.cp.spool.put(f);
      const receiver = ctx.cp.users.get(userid);
      if (receiver) readerFilesArrived(receiver);
      if (receiver && receiver !== vm) receiver.terminal?.cpMessage(`RDR FILE ${spoolid(f.id)} FROM ${vm.userid.padEnd(8)} RDR COPY ${pad2(f.copies)} ${f.hold ? 'HOLD' : 'NOHOLD'}`);
    }
    ctx.out(countText(list.length, 'TRANSFERRED'));
  },
};
