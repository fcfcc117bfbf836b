// A real CP on the bare-machine hardware, with a fixed time of day so that LOGON AT and
// QUERY TIME lines can be compared exactly, and line-mode terminals that record output.
import { assemble, link } from '../../../cpu370/index.ts';
import { bareHardware, ControlProgram, LineConsole, loadDirectory, UserConsole, type CpOptions, type NamedSystem } from '../../index.ts';

export const DIRECT = `
USER OPERATOR OPERATOR 1M 16M ABCDEFG
 CONSOLE 009 3215
USER MAINT CPCMS 1M 16M ABCDEFG
 CONSOLE 009 3215
USER CMSUSER CMSUSER 1M 2M G
 CONSOLE 009 3215
 SPOOL 00C 2540 READ *
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
USER GUEST GUEST 512K 1M G
 CONSOLE 01F 3215
USER AUTO AUTO 256K 256K G
 IPL ECHO
USER $ALLOC$ NOLOG
`;

/** 18:41:51 GMT THURSDAY 01/01/26 */
export const FIXED_TIME = new Date(Date.UTC(2026, 0, 1, 18, 41, 51));

export function system(direct = DIRECT, opts: CpOptions = {}): ControlProgram {
  const hw = { ...bareHardware(), now: () => FIXED_TIME };
  return new ControlProgram(hw, loadDirectory(direct), opts);
}

export interface LineTerminal {
  readonly port: LineConsole;
  readonly uc: UserConsole;
  readonly lines: string[];
  /** Types a line and returns what CP wrote in answer (synchronously). */
  type(text: string): string[];
  /** Lines written since the last call. */
  take(): string[];
}

export function lineTerminal(cp: ControlProgram): LineTerminal {
  const lines: string[] = [];
  let seen = 0;
  const port = new LineConsole({ line: (l) => lines.push(l) });
  const uc = new UserConsole(cp, port);
  const take = () => {
    const out = lines.slice(seen);
    seen = lines.length;
    return out;
  };
  take();
  return {
    port,
    uc,
    lines,
    take,
    type(text) {
      port.enter(text);
      return take();
    },
  };
}

/** Logs a user on at a new line terminal; the LOGON lines are consumed. */
export function logon(cp: ControlProgram, userid: string, password: string): LineTerminal {
  const t = lineTerminal(cp);
  t.type(`logon ${userid}`);
  t.type(password);
  return t;
}

/** Assembles a stand-alone program and makes it a named system (loaded at `origin`, started at it). */
export function namedSystem(name: string, source: string, origin = 0x1000, psw0 = 0x00000000): NamedSystem {
  const a = assemble(source);
  if (a.returnCode > 0) throw new Error(`assembly failed: ${JSON.stringify(a.diagnostics)}`);
  const image = link([a.module], { origin }).image;
  return { name, image, origin, psw: [psw0, origin] };
}

/** Waits until `cond` holds, letting the dispatcher and channel run (bounded). */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
