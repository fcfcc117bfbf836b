// MSG and WARNING (GC20-1820 MESSAGE; Operator's Guide WARNING). The text is sent as
// typed. A receiver with SET MSG/WNG OFF or without a terminal does not get it and the
// sender is told. Receiver formats `MSG FROM userid: text` / `WNG FROM ...` are chosen.
import type { ControlProgram } from '../cp.ts';
import type { VirtualMachine } from '../vm/machine.ts';
import type { CommandContext, CommandDef } from './framework.ts';
import { fail } from './messages.ts';
import { ANY_LOGGED_ON } from './session.ts';

function targets(ctx: CommandContext, who: string, allowAll: boolean): VirtualMachine[] {
  const cp: ControlProgram = ctx.cp;
  if (who === 'ALL' && allowAll) return [...cp.users.values()];
  const userid = who === '*' ? ctx.vm!.userid : who === 'OPERATOR' || who === 'OP' ? cp.operator : who;
  const vm = cp.users.get(userid);
  if (!vm) fail('notLoggedOn', userid);
  return [vm];
}

function send(ctx: CommandContext, args: string[], raw: string, kind: 'MSG' | 'WNG'): void {
  const who = args[0];
  if (!who) fail('invalidUserid');
  const text = raw.replace(/^\s*\S+\s?/, '');
  const from = ctx.vm!.userid;
  const privileged = /[AB]/.test(ctx.classes);
  const list = targets(ctx, who, privileged || kind === 'WNG');
  for (const vm of list) {
    const wanted = kind === 'MSG' ? vm.settings.msg : vm.settings.wng;
    if (!vm.terminal || !wanted) {
      if (list.length === 1) fail('notReceiving', vm.userid, !vm.terminal ? 'DISCONNECTED' : `${kind} OFF`);
      continue;
    }
    vm.terminal.cpMessage(`${kind} FROM ${from.padEnd(8)}: ${text}`, true);
  }
}

export const MSG: CommandDef = {
  name: 'MSG',
  min: 1,
  aliases: [['MESSAGE', 1]],
  classes: ANY_LOGGED_ON,
  run(ctx, args, raw) {
    send(ctx, args, raw, 'MSG');
  },
};

export const WARNING: CommandDef = {
  name: 'WARNING',
  min: 4,
  classes: 'AB',
  run(ctx, args, raw) {
    send(ctx, args, raw, 'WNG');
  },
};
