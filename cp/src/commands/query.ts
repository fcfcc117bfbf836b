// QUERY (GC20-1820 QUERY, class G operands): TIME, USERS, NAMES, VIRTUAL, STORAGE, SET,
// userid. Output formats other than the CONNECT= line are chosen (not seen in R6 pages).
import type { ControlProgram } from '../cp.ts';
import type { VirtualMachine } from '../vm/machine.ts';
import { SpoolDevice } from '../vm/spool-device.ts';
import type { CommandContext, CommandDef } from './framework.ts';
import { fail } from './messages.ts';
import { abbreviates as abbrev, hex3 } from './operands.ts';
import { storageText } from './machine.ts';
import { accountingLine, atText } from './time.ts';
import { querySpool, queueWord } from '../spool/commands.ts';

const onOff = (b: boolean): string => (b ? 'ON ' : 'OFF');

/** `CMSUSER  - 0C0` or `CMSUSER  - DSC` (disconnected). */
function userTerm(vm: VirtualMachine): string {
  return `${vm.userid.padEnd(8)} - ${vm.terminal ? hex3(vm.terminal.address) : 'DSC'}`;
}

function names(cp: ControlProgram): string[] {
  const items = [...cp.users.values()].sort((a, b) => a.userid.localeCompare(b.userid)).map(userTerm);
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += 4) lines.push(items.slice(i, i + 4).join(' , '));
  return lines;
}

function usersLine(cp: ControlProgram): string {
  const n = cp.users.size;
  return `${String(n).padStart(3, '0')} USER${n === 1 ? '' : 'S'}, 000 DIALED`;
}

function virtual(vm: VirtualMachine): string[] {
  const lines = [storageText(vm.storageSize)];
  const devs = [...vm.devices.values()].sort((a, b) => a.devnum - b.devnum);
  for (const d of devs) {
    if (d === vm.console) {
      lines.push(`CONS ${hex3(d.devnum)} ON ${vm.terminal ? vm.terminal.name : 'DSC'}`);
    } else if (d instanceof SpoolDevice) {
      const s = d.settings;
      const kind = d.kind === 'READER' ? 'RDR ' : d.kind === 'PUNCH' ? 'PUN ' : 'PRT ';
      const tail = d.kind === 'READER' ? (s.eof ? 'EOF' : 'NOEOF') : `COPY ${String(s.copies).padStart(2, '0')}`;
      const to = s.to ? ` FOR ${s.to}` : '';
      lines.push(`${kind}${hex3(d.devnum)} CL ${s.spoolClass} ${s.cont ? 'CONT' : 'NOCONT'} ${s.hold ? 'HOLD' : 'NOHOLD'} ${tail}${to}`);
    }
  }
  return lines;
}

function setLine(vm: VirtualMachine): string {
  const s = vm.settings;
  return `MSG ${onOff(s.msg)}, WNG ${onOff(s.wng)}, EMSG ${s.emsg.padEnd(4)}, IMSG ${onOff(s.imsg)}, RUN ${onOff(s.run)}`;
}

function userQuery(ctx: CommandContext, userid: string): void {
  const vm = ctx.cp.users.get(userid);
  if (!vm) fail('notLoggedOnQuery', userid);
  ctx.out(userTerm(vm));
}

export const QUERY: CommandDef = {
  name: 'QUERY',
  min: 1,
  classes: 'ABCDEFG',
  run(ctx, args) {
    const vm = ctx.vm!;
    const cp = ctx.cp;
    const [op, ...rest] = args;
    if (!op) fail('operandMissing');
    const noMore = (): void => {
      if (rest.length > 0) fail('invalidOperand', rest[0]!);
    };
    if (abbrev(op, 'TIME', 1)) {
      noMore();
      ctx.out(`TIME IS ${atText(cp.hw.now())}`);
      ctx.out(accountingLine(cp.hw.elapsedMs() - vm.logonAt, vm.virtMs, vm.virtMs + vm.cpMs));
    } else if (abbrev(op, 'USERS', 1)) {
      if (rest[0]) {
        if (rest.length > 1) fail('invalidOperand', rest[1]!);
        return userQuery(ctx, rest[0]);
      }
      ctx.out(usersLine(cp));
    } else if (abbrev(op, 'NAMES', 1)) {
      noMore();
      for (const l of names(cp)) ctx.out(l);
    } else if (abbrev(op, 'VIRTUAL', 1)) {
      noMore();
      for (const l of virtual(vm)) ctx.out(l);
    } else if (abbrev(op, 'STORAGE', 3)) {
      noMore();
      ctx.out(storageText(vm.storageSize));
    } else if (queueWord(op)) {
      querySpool(ctx, queueWord(op)!, rest);
    } else if (op === 'SET') {
      noMore();
      ctx.out(setLine(vm));
    } else if (/^[A-Z0-9@#$]{1,8}$/.test(op)) {
      noMore();
      userQuery(ctx, op);
    } else fail('invalidOperand', op);
  },
};
