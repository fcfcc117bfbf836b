// IPL, SYSTEM, DEFINE STORAGE (GC20-1820 IPL, SYSTEM, DEFINE).
import { toEbcdic } from '../../../cpu370/index.ts';
import { parseDirectorySize } from '../directory/parse.ts';
import type { CommandDef } from './framework.ts';
import { fail, formatMessage, MESSAGES } from './messages.ts';
import { hex3 } from './operands.ts';
import { closeOutput } from '../spool/close.ts';

/** Storage size as CP shows it: `STORAGE = 01024K`. */
export function storageText(bytes: number): string {
  return `STORAGE = ${String(bytes / 1024).padStart(5, '0')}K`;
}

/** IPL vaddr|sysname [CLEAR] [PARM text] */
export const IPL: CommandDef = {
  name: 'IPL',
  min: 1,
  classes: 'G',
  run(ctx, args, raw) {
    const vm = ctx.vm!;
    const target = args[0];
    if (!target) fail('operandMissing');
    let parm: string | undefined;
    const parmAt = raw.toUpperCase().search(/\sPARM(\s|$)/);
    if (parmAt >= 0) parm = raw.slice(parmAt + 5).trim().toUpperCase();
    const ops = (parmAt >= 0 ? raw.slice(0, parmAt) : raw).toUpperCase().split(/\s+/).filter((a) => a !== '').slice(1);
    for (const op of ops) if (op !== 'CLEAR') fail('invalidOperand', op);
    for (const line of closeOutput(vm)) ctx.out(line);
    const isAddr = /^[0-9A-F]{1,3}$/.test(target);
    const dev = isAddr ? vm.devices.get(parseInt(target, 16)) : undefined;
    if (dev) {
      const kind = (dev as { kind?: string }).kind;
      if (dev === vm.console || kind === 'PUNCH' || kind === 'PRINTER') fail('cannotIpl', hex3(dev.devnum));
      const terminal = ctx.terminal;
      vm.iplDevice(dev.devnum, (err) => {
        if (err) {
          terminal?.cpMessage(formatMessage(MESSAGES.cannotIpl, [hex3(dev.devnum)]));
          vm.enterCpMode();
        }
      });
      return;
    }
    const sys = ctx.cp.namedSystems.get(target);
    if (!sys) {
      if (isAddr) fail('deviceNotExist', hex3(parseInt(target, 16)));
      fail('systemNotExist', target);
    }
    vm.iplNamed(sys);
    if (parm !== undefined) {
      // The PARM text is passed in the general registers, four characters each (as CMS expects it).
      const p = parm.slice(0, 64);
      const bytes = toEbcdic(p.padEnd(Math.ceil(p.length / 4) * 4));
      for (let r = 0; r * 4 < bytes.length; r++) vm.cpu.gpr[r] = ((bytes[r * 4]! << 24) | (bytes[r * 4 + 1]! << 16) | (bytes[r * 4 + 2]! << 8) | bytes[r * 4 + 3]!) | 0;
    }
  },
};

export const SYSTEM: CommandDef = {
  name: 'SYSTEM',
  min: 3,
  classes: 'G',
  run(ctx, args) {
    const vm = ctx.vm!;
    const op = args[0];
    if (!op) fail('operandMissing');
    if (args.length > 1) fail('invalidOperand', args[1]!);
    if ('RESET'.startsWith(op) && op.length >= 3) {
      vm.systemReset(false);
      vm.enterCpMode();
      ctx.out('SYSTEM RESET');
    } else if ('CLEAR'.startsWith(op) && op.length >= 3) {
      vm.systemReset(true);
      vm.enterCpMode();
      ctx.out('STORAGE CLEARED - SYSTEM RESET');
    } else if ('RESTART'.startsWith(op) && op.length >= 4) {
      vm.restart();
    } else fail('invalidOperand', op);
  },
};

export const DEFINE: CommandDef = {
  name: 'DEFINE',
  min: 3,
  classes: 'G',
  run(ctx, args) {
    const vm = ctx.vm!;
    const [what, size] = args;
    if (!what) fail('operandMissing');
    if (!('STORAGE'.startsWith(what) && what.length >= 4)) fail('invalidOperand', what);
    if (!size) fail('operandMissing');
    if (args.length > 2) fail('invalidOperand', args[2]!);
    const bytes = parseDirectorySize(size);
    if (bytes === undefined) fail('invalidOperand', size);
    if (bytes > vm.entry.maxStorage) fail('storageTooBig');
    vm.defineStorage(bytes);
    ctx.out(storageText(bytes));
    vm.enterCpMode();
  },
};
