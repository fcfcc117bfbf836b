// SET (GC20-1820 SET, class G basics): MSG, WNG, IMSG, RUN ON|OFF; EMSG ON|OFF|CODE|TEXT.
import type { CommandDef } from './framework.ts';
import { fail } from './messages.ts';

const onOff = (v: string | undefined): boolean => {
  if (v === 'ON') return true;
  if (v === 'OFF') return false;
  if (v === undefined) fail('operandMissing');
  fail('invalidOperand', v);
};

export const SET: CommandDef = {
  name: 'SET',
  min: 2,
  classes: 'G',
  run(ctx, args) {
    const s = ctx.vm!.settings;
    const [what, value, extra] = args;
    if (!what) fail('operandMissing');
    if (extra !== undefined) fail('invalidOperand', extra);
    switch (what) {
      case 'MSG':
        s.msg = onOff(value);
        return;
      case 'WNG':
        s.wng = onOff(value);
        return;
      case 'IMSG':
        s.imsg = onOff(value);
        return;
      case 'RUN':
        s.run = onOff(value);
        return;
      case 'EMSG':
        if (value === 'ON' || value === 'OFF' || value === 'CODE' || value === 'TEXT') {
          s.emsg = value;
          return;
        }
        if (value === undefined) fail('operandMissing');
        fail('invalidOperand', value);
    }
    fail('invalidOperand', what);
  },
};
