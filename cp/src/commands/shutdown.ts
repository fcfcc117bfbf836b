// SHUTDOWN (class A, Operator's Guide): every user is logged off and the system stops.
import type { CommandDef } from './framework.ts';
import { fail } from './messages.ts';

export const SHUTDOWN: CommandDef = {
  name: 'SHUTDOWN',
  min: 8,
  classes: 'A',
  run(ctx, args) {
    if (args.length > 0 && args[0] !== 'REIPL') fail('invalidOperand', args[0]!);
    ctx.cp.shutdown();
  },
};
