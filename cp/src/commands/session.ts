// LOGON/LOGIN, LOGOFF/LOGOUT, DISCONN, BEGIN (GC20-1820; HELP LOGON/LOGOFF/DISCONN).
import type { CommandDef } from './framework.ts';
import { fail } from './messages.ts';
import { accountingLine, atText } from './time.ts';
import { closeOutput } from '../spool/close.ts';

export const ANY_LOGGED_ON = 'ABCDEFGH';

export const LOGON: CommandDef = {
  name: 'LOGON',
  min: 1,
  aliases: [['LOGIN', 4]],
  classes: '*',
  run(ctx, args) {
    const t = ctx.terminal;
    if (!t) fail('unknownCommand');
    const [userid, ...rest] = args;
    if (!userid || !/^[A-Z0-9@#$]{1,8}$/.test(userid)) fail('invalidUserid');
    let password: string | undefined;
    let noipl = false;
    // Operands: [password] [Mask] [Noipl]; the password, when given, comes first.
    rest.forEach((op, i) => {
      if (i === 0 && rest.length > 1) password = op;
      else if ('NOIPL'.startsWith(op)) noipl = true;
      else if ('MASK'.startsWith(op)) return;
      else if (password === undefined && i === 0) password = op;
      else fail('invalidOperand', op);
    });
    t.beginLogon(userid, password, noipl);
  },
};

export const LOGOFF: CommandDef = {
  name: 'LOGOFF',
  min: 3,
  aliases: [['LOGOUT', 4]],
  classes: ANY_LOGGED_ON,
  run(ctx, args) {
    const vm = ctx.vm!;
    for (const a of args) if (!'HOLD'.startsWith(a) || a.length < 2) fail('invalidOperand', a);
    const cp = ctx.cp;
    for (const line of closeOutput(vm)) ctx.out(line);
    const connect = cp.hw.elapsedMs() - vm.logonAt;
    ctx.out(accountingLine(connect, vm.virtMs, vm.virtMs + vm.cpMs));
    ctx.out(`LOGOFF AT ${atText(cp.hw.now())}`);
    const t = vm.terminal;
    cp.destroyVm(vm);
    t?.detachVm();
  },
};

export const DISCONN: CommandDef = {
  name: 'DISCONN',
  min: 4,
  aliases: [['DISCONNECT', 4]],
  classes: ANY_LOGGED_ON,
  run(ctx, args) {
    const vm = ctx.vm!;
    for (const a of args) if (!'HOLD'.startsWith(a) || a.length < 2) fail('invalidOperand', a);
    ctx.out(`DISCONNECT AT ${atText(ctx.cp.hw.now())}`);
    vm.terminal?.detachVm();
  },
};

export const BEGIN: CommandDef = {
  name: 'BEGIN',
  min: 1,
  classes: 'G',
  run(ctx, args) {
    const vm = ctx.vm!;
    if (args.length > 1) fail('invalidOperand', args[1]!);
    if (args[0] !== undefined) {
      if (!/^[0-9A-F]{1,6}$/.test(args[0])) fail('invalidHexloc', args[0]);
      vm.cpu.ia = parseInt(args[0], 16);
    }
    vm.cpu.wait = false;
    vm.begin();
  },
};
