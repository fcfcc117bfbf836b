// SPOOL (GC20-1820 SPOOL, defaults from CPGU scan 158), the basic operands: CLASS, CONT/
// NOCONT, HOLD/NOHOLD, COPY, TO userid / OFF, EOF/NOEOF. No response when it works.
import { SpoolDevice } from '../vm/spool-device.ts';
import type { CommandDef } from './framework.ts';
import { fail } from './messages.ts';

const hex3 = (n: number): string => n.toString(16).toUpperCase().padStart(3, '0');
const ab = (op: string, word: string, min: number): boolean => op.length >= min && word.startsWith(op);

export const SPOOL: CommandDef = {
  name: 'SPOOL',
  min: 2,
  classes: 'G',
  run(ctx, args) {
    const vm = ctx.vm!;
    const [which, ...ops] = args;
    if (!which) fail('operandMissing');
    const all = [...vm.devices.values()].filter((d): d is SpoolDevice => d instanceof SpoolDevice);
    let devs: SpoolDevice[];
    if (ab(which, 'READER', 1) || which === 'RDR') devs = all.filter((d) => d.kind === 'READER');
    else if (ab(which, 'PUNCH', 2) || which === 'PCH') devs = all.filter((d) => d.kind === 'PUNCH');
    else if (ab(which, 'PRINTER', 1) || which === 'PRT') devs = all.filter((d) => d.kind === 'PRINTER');
    else if (/^[0-9A-F]{1,3}$/.test(which)) {
      const d = vm.devices.get(parseInt(which, 16));
      if (!d) fail('deviceNotExist', hex3(parseInt(which, 16)));
      if (!(d instanceof SpoolDevice)) fail('invalidOperand', which);
      devs = [d];
    } else fail('invalidOperand', which);
    if (devs.length === 0) fail('deviceNotExist', which);
    if (ops.length === 0) fail('operandMissing');
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const next = (): string => {
        const v = ops[++i];
        if (v === undefined) fail('operandMissing');
        return v;
      };
      if (ab(op, 'CLASS', 2)) {
        const c = next();
        if (!/^[A-Z0-9*]$/.test(c)) fail('invalidOperand', c);
        devs.forEach((d) => (d.settings.spoolClass = c));
      } else if (ab(op, 'CONT', 4)) devs.forEach((d) => (d.settings.cont = true));
      else if (ab(op, 'NOCONT', 3)) devs.forEach((d) => (d.settings.cont = false));
      else if (ab(op, 'HOLD', 2)) devs.forEach((d) => (d.settings.hold = true));
      else if (ab(op, 'NOHOLD', 3)) devs.forEach((d) => (d.settings.hold = false));
      else if (ab(op, 'COPY', 2)) {
        const n = next();
        if (!/^\d{1,2}$/.test(n) || Number(n) < 1) fail('invalidOperand', n);
        devs.forEach((d) => (d.settings.copies = Number(n)));
      } else if (op === 'TO') {
        const u = next();
        const userid = u === '*' ? vm.userid : u;
        if (!ctx.cp.user(userid)) fail('notInDirectory', userid);
        devs.forEach((d) => (d.settings.to = userid));
      } else if (op === 'OFF') devs.forEach((d) => (d.settings.to = null));
      else if (op === 'EOF') devs.forEach((d) => (d.settings.eof = true));
      else if (op === 'NOEOF') devs.forEach((d) => (d.settings.eof = false));
      else fail('invalidSpoolOption', op);
    }
  },
};
