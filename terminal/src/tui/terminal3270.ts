// The client side of a 3270: the screen model, the keyboard and a link to the host.
// Outbound records are applied (and reads / queries answered); keys become inbound records.
import type { CodePage } from '../../../cpu370/index.ts';
import { AID, pfAid } from '../ds3270/constants.ts';
import { Keyboard } from '../ds3270/keyboard.ts';
import { queryReply } from '../ds3270/query.ts';
import { ScreenModel } from '../ds3270/screen.ts';
import type { HostLink } from '../tn3270/link.ts';
import type { KeyAction } from './keys.ts';

const PA_AIDS = [AID.PA1, AID.PA2, AID.PA3];

export class Terminal3270 {
  readonly screen: ScreenModel;
  readonly keyboard: Keyboard;
  modeLabel: string;
  status = '';
  connected = true;
  lastError: string | undefined;
  helpVisible = false;
  onChange: () => void = () => undefined;

  constructor(
    readonly link: HostLink,
    readonly page: CodePage,
  ) {
    this.screen = new ScreenModel(link.model);
    this.keyboard = new Keyboard(this.screen);
    this.modeLabel = link.modeLabel;
    link.listen({
      record: (r) => {
        this.onRecord(r);
        this.onChange();
      },
      mode: (m) => {
        this.modeLabel = m;
        this.onChange();
      },
      closed: (reason) => {
        this.connected = false;
        this.status = reason ?? 'disconnected';
        this.screen.lock = 'not-connected';
        this.onChange();
      },
    });
  }

  onRecord(stream: Uint8Array): void {
    const r = this.screen.apply(stream);
    if (r.kind === 'error') this.lastError = r.error;
    else if (r.kind === 'write' && r.error) this.lastError = r.error;
    else if (r.kind === 'read') {
      const s = this.screen;
      this.link.send(r.command === 'RB' ? s.readBuffer(AID.NONE) : s.readModified(AID.NONE, r.command === 'RMA'));
    } else if (r.kind === 'query') this.link.send(queryReply(this.screen));
  }

  /** Performs one key; returns 'quit' for the quit key. */
  press(a: KeyAction): 'quit' | undefined {
    const k = this.keyboard;
    if (this.helpVisible) {
      this.helpVisible = false;
      if (a.key !== 'help') return undefined;
    }
    switch (a.key) {
      case 'char': {
        const b = this.page.fromUnicode.get(a.ch.codePointAt(0)!);
        if (b === undefined || b < 0x40) {
          if (this.screen.lock === null) this.screen.lock = 'minus-function';
        } else k.type(b);
        break;
      }
      case 'enter':
        this.aid(AID.ENTER);
        break;
      case 'pf':
        this.aid(pfAid(a.n));
        break;
      case 'pa':
        this.aid(PA_AIDS[a.n - 1]!);
        break;
      case 'clear':
        this.aid(AID.CLEAR);
        break;
      case 'reset':
        k.reset();
        break;
      case 'attn':
      case 'sysreq':
        // TN3270 has no SysReq AID without TN3270E SYSREQ; both go as telnet BREAK.
        this.link.attention();
        break;
      case 'tab':
        k.tab();
        break;
      case 'backtab':
        k.backTab();
        break;
      case 'home':
        k.home();
        break;
      case 'newline':
        k.newLine();
        break;
      case 'up':
        k.move(-1, 0);
        break;
      case 'down':
        k.move(1, 0);
        break;
      case 'left':
        k.move(0, -1);
        break;
      case 'right':
        k.move(0, 1);
        break;
      case 'eraseeof':
        k.eraseEof();
        break;
      case 'eraseinput':
        k.eraseInput();
        break;
      case 'insert':
        k.toggleInsert();
        break;
      case 'delete':
        k.delete();
        break;
      case 'backspace':
        k.erase();
        break;
      case 'fieldend':
        this.fieldEnd();
        break;
      case 'dup':
        k.type(0x1c);
        break;
      case 'fieldmark':
        k.type(0x1e);
        break;
      case 'help':
        this.helpVisible = true;
        break;
      case 'quit':
        return 'quit';
    }
    return undefined;
  }

  private aid(aid: number): void {
    if (!this.connected) return;
    const stream = this.keyboard.aid(aid);
    if (stream) this.link.send(stream);
  }

  private fieldEnd(): void {
    const s = this.screen;
    if (s.isProtected(s.cursor)) return;
    const end = this.keyboard.fieldEnd(s.cursor);
    let p = end;
    while (p !== s.cursor && s.chars[p] === 0) p = (p + s.size - 1) % s.size;
    s.cursor = s.chars[p] === 0 ? p : Math.min(end, p + 1);
  }
}
