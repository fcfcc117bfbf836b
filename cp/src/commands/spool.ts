// SPOOL (GC20-1820 SPOOL, defaults from CPGU scan 158), the basic operands: CLASS, CONT/
// NOCONT, HOLD/NOHOLD, COPY, TO userid / OFF, EOF/NOEOF. No response when it works.
import { copiesOperand, namedSpoolDevices } from '../spool/commands.ts';
import type { CommandDef } from './framework.ts';
import { fail } from './messages.ts';
import { abbreviates as ab, required } from './operands.ts';

export const SPOOL: CommandDef = {
  name: 'SPOOL',
  min: 2,
  classes: 'G',
  run(ctx, args) {
    const vm = ctx.vm!;
    const [which, ...ops] = args;
    if (!which) fail('operandMissing');
    const devs = namedSpoolDevices(vm, which, 'invalid');
    if (ops.length === 0) fail('operandMissing');
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      if (ab(op, 'CLASS', 2)) {
        const c = required(ops[++i]);
        if (!/^[A-Z0-9*]$/.test(c)) fail('invalidOperand', c);
        devs.forEach((d) => (d.settings.spoolClass = c));
      } else if (ab(op, 'CONT', 4)) devs.forEach((d) => (d.settings.cont = true));
      else if (ab(op, 'NOCONT', 3)) devs.forEach((d) => (d.settings.cont = false));
      else if (ab(op, 'HOLD', 2)) devs.forEach((d) => (d.settings.hold = true));
      else if (ab(op, 'NOHOLD', 3)) devs.forEach((d) => (d.settings.hold = false));
      else if (ab(op, 'COPY', 2)) {
        const copies = copiesOperand(required(ops[++i]));
        devs.forEach((d) => (d.settings.copies = copies));
      } else if (op === 'TO') {
        const u = required(ops[++i]);
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
