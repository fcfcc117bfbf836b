// Connects a terminal session (TN3270/TN3270E, line-mode telnet, the local window) to CP:
// a 3270 gets the screen console and its renderer, a line terminal the line console.
// Both then belong to a UserConsole that starts on the logo.
import { AID, pfNumber, type TerminalSession } from '../../../terminal/index.ts';
import type { ControlProgram } from '../cp.ts';
import { CpConsole } from './console.ts';
import { LineConsole } from './line.ts';
import { parseInbound, Renderer3270 } from './render3270.ts';
import { UserConsole } from './user-console.ts';

export function attachSession(cp: ControlProgram, session: TerminalSession): UserConsole {
  if (session.info.kind === 'line') {
    const port = new LineConsole({ line: (t) => session.sendLine(t), hideInput: (h) => session.hideInput(h) });
    const uc = new UserConsole(cp, port);
    uc.onSystemDown = () => session.close('system shutdown');
    session.bind({
      line: (t) => port.enter(t),
      attention: () => port.attention(),
      closed: () => uc.sessionClosed(),
    });
    return uc;
  }
  const alt = session.info.model?.alternate;
  const alternate = alt !== undefined && (alt.rows !== 24 || alt.cols !== 80);
  const size = alternate ? alt : { rows: 24, cols: 80 };
  const console = new CpConsole({ timers: { after: (ms, fn) => cp.hw.after(ms, fn) }, rows: size.rows, cols: size.cols });
  const renderer = new Renderer3270(console, alternate);
  let pending = false;
  // Keyboard restore only in the first screen and in the write that answers an inbound
  // record. Over telnet an AID may be on its way while CP writes other output; a restore
  // in that write would unlock the keyboard before CP has seen the input, and x3270 then
  // types the next keystrokes into the field that still holds the line just sent.
  let answer = true;
  const flush = (): void => {
    pending = false;
    if (session.isOpen) session.sendRecord(renderer.render(answer));
    answer = false;
  };
  /** Every inbound record is answered with a write that unlocks the keyboard. */
  const answered = (): void => {
    answer = true;
    if (pending) return;
    pending = true;
    cp.hw.defer(flush);
  };
  console.events = {
    input: () => {},
    pa1: () => {},
    changed: () => {
      if (pending) return;
      pending = true;
      cp.hw.defer(flush);
    },
  };
  const uc = new UserConsole(cp, console);
  uc.onSystemDown = () => {
    flush();
    session.close('system shutdown');
  };
  session.bind({
    record: (data) => {
      const { aid, text } = parseInbound(data, console.layout.inputStart);
      const pf = pfNumber(aid);
      if (aid === AID.ENTER) {
        renderer.clearInput();
        console.enter(text);
      } else if (aid === AID.PA1) console.pa1();
      else if (aid === AID.PA2) console.pa2();
      else if (aid === AID.CLEAR) {
        renderer.invalidate();
        console.clear();
      } else if (pf !== undefined) {
        renderer.clearInput();
        console.pf(pf, text);
      }
      answered();
    },
    // x3270's SysReq in TN3270 is an AID (a test-request record) that locks the keyboard.
    attention: () => {
      console.pa1();
      answered();
    },
    closed: () => uc.sessionClosed(),
  });
  flush();
  return uc;
}
