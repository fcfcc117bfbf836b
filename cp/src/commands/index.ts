// The CP commands of this slice, in lookup order (abbreviations are checked in order, so
// a command listed earlier wins a shared abbreviation, as R6's table order decides).
import { CommandTable } from './framework.ts';
import { BEGIN, DISCONN, LOGOFF, LOGON } from './session.ts';
import { DEFINE, IPL, SYSTEM } from './machine.ts';
import { QUERY } from './query.ts';
import { DISPLAY, STORE } from './display.ts';
import { MSG, WARNING } from './message.ts';
import { SPOOL } from './spool.ts';
import { SET } from './set.ts';
import { SHUTDOWN } from './shutdown.ts';
import { CHANGE, CLOSE, ORDER, PURGE, TRANSFER } from '../spool/commands.ts';

export function standardCommands(): CommandTable {
  return new CommandTable().add(BEGIN, CHANGE, CLOSE, DEFINE, DISCONN, DISPLAY, IPL, LOGOFF, LOGON, MSG, ORDER, PURGE, QUERY, SET, SHUTDOWN, SPOOL, STORE, SYSTEM, TRANSFER, WARNING);
}
