// One user's terminal as CP drives it: the logon dialogue, then routing of input to CP
// (CP READ, `#CP`) or to the virtual machine's console read (VM READ), PA1 into CP mode,
// and the virtual machine's console output. Transport-independent: it talks to a
// ConsolePort (3270 screen console or line console).
import type { ControlProgram } from '../cp.ts';
import type { VirtualMachine } from '../vm/machine.ts';
import { checkPassword } from '../directory/password.ts';
import { fail, formatMessage, MESSAGES, CpError } from '../commands/messages.ts';
import { atText } from '../commands/time.ts';
import type { CommandContext } from '../commands/framework.ts';
import type { ConsolePort } from './port.ts';

interface PendingLogon {
  readonly userid: string;
  readonly noipl: boolean;
}

export class UserConsole {
  vm: VirtualMachine | null = null;
  readonly address: number;
  private pendingLogon: PendingLogon | null = null;
  /** Logical lines typed for the guest beyond the one its read took (line-end splitting). */
  private readonly guestQueue: string[] = [];
  /** The transport went away (the session closed). */
  closed = false;
  /** Called when the session should end (SHUTDOWN). */
  onSystemDown: (() => void) | null = null;

  constructor(
    readonly cp: ControlProgram,
    readonly port: ConsolePort,
  ) {
    this.address = cp.allocateTerminalAddress();
    cp.terminals.add(this);
    const prev = port.events;
    port.events = {
      input: (text, hidden) => this.input(text, hidden),
      pa1: () => this.pa1(),
      changed: () => prev?.changed(),
    };
    port.showLogo();
  }

  /** `GRAF 0C0` / `LINE 0C1`: how QUERY and messages name this terminal. */
  get name(): string {
    return `${this.port.kind} ${this.address.toString(16).toUpperCase().padStart(3, '0')}`;
  }

  get lineEnd(): string {
    return this.vm?.entry.lineEnd ?? '#';
  }

  // ------------------------------------------------------------------ from the terminal

  private input(text: string, _hidden: boolean): void {
    if (this.pendingLogon) return this.password(text);
    const cpPrefix = new RegExp(`^\\${this.lineEnd}CP(\\s+|$)`, 'i');
    const vm = this.vm;
    if (cpPrefix.test(text)) {
      const rest = text.replace(cpPrefix, '');
      if (vm && rest.trim() === '') return vm.enterCpMode();
      this.commands(rest);
      return;
    }
    if (!vm || vm.cpMode) {
      this.commands(text);
      return;
    }
    const lines = text.split(this.lineEnd);
    this.guestQueue.push(...lines);
    this.feedGuest();
  }

  private pa1(): void {
    if (this.vm && !this.vm.cpMode) this.vm.enterCpMode();
    else this.updateRead();
  }

  /** Runs CP command lines (line-end separated) typed at the terminal. */
  private commands(text: string): void {
    for (const line of text.split(this.lineEnd)) {
      if (this.pendingLogon) break;
      this.execute(line);
    }
    this.updateRead();
  }

  execute(line: string): number {
    const vm = this.vm;
    const ctx: CommandContext = {
      cp: this.cp,
      vm,
      terminal: this,
      classes: vm?.entry.classes ?? '',
      out: (l) => {
        const shown = vm ? editMessage(l, vm.settings.emsg) : l;
        if (shown !== null) this.port.write(shown);
      },
    };
    const t0 = this.cp.hw.elapsedMs();
    try {
      return this.cp.commands.execute(ctx, line);
    } finally {
      if (vm) vm.cpMs += this.cp.hw.elapsedMs() - t0;
    }
  }

  private feedGuest(): void {
    const vm = this.vm;
    while (vm && !vm.cpMode && vm.guestReading && this.guestQueue.length > 0) vm.deliverGuestInput(this.guestQueue.shift()!);
    this.updateRead();
  }

  // ------------------------------------------------------------------ logon

  /** LOGON userid [password] [NOIPL]: prompts for the password unless it was given. */
  beginLogon(userid: string, password: string | undefined, noipl: boolean): void {
    if (this.vm) fail('alreadyLoggedOn', this.name);
    if (!this.cp.user(userid)) fail('notInDirectory', userid);
    if (password !== undefined) return this.completeLogon(userid, password, noipl);
    this.pendingLogon = { userid, noipl };
    this.port.write('ENTER PASSWORD:');
    this.port.setRead('CP READ', true);
  }

  private password(text: string): void {
    const p = this.pendingLogon!;
    this.pendingLogon = null;
    try {
      this.completeLogon(p.userid, text.trim(), p.noipl);
    } catch (e) {
      if (!(e instanceof CpError)) throw e;
      this.port.write(e.message);
    }
    this.updateRead();
  }

  private completeLogon(userid: string, password: string, noipl: boolean): void {
    const entry = this.cp.user(userid);
    if (!entry) fail('notInDirectory', userid);
    // NOLOG is a password no input matches.
    if (!entry.password || !checkPassword(entry.password, password)) fail('passwordIncorrect');
    const now = atText(this.cp.hw.now());
    const existing = this.cp.users.get(entry.userid);
    if (existing) {
      if (existing.terminal) fail('alreadyLoggedOn', existing.terminal.name);
      this.attachVm(existing);
      this.port.write(`RECONNECTED AT ${now}`);
      existing.enterCpMode();
      return;
    }
    const vm = this.cp.createVm(entry);
    this.attachVm(vm);
    this.port.write(`LOGON AT ${now}`);
    if (entry.ipl && !noipl) this.execute(`IPL ${entry.ipl.target}${entry.ipl.parm ? ` PARM ${entry.ipl.parm}` : ''}`);
    this.updateRead();
  }

  private attachVm(vm: VirtualMachine): void {
    this.vm = vm;
    vm.terminal = this;
    vm.cancelDisconnectTimer();
    this.port.cpEscape = vm.entry.lineEnd;
  }

  /** LOGOFF / DISCONNECT / SHUTDOWN: the terminal goes back to the logo. */
  detachVm(): void {
    const vm = this.vm;
    if (vm && vm.terminal === this) {
      vm.terminal = null;
      if (!vm.loggedOff && (vm.cpMode || vm.guestReading)) vm.idleWhileDisconnected();
    }
    this.vm = null;
    this.guestQueue.length = 0;
    this.port.cpEscape = '#';
    if (!this.closed) this.port.showLogo();
  }

  /** The transport closed: a logged-on user is disconnected, the VM runs on. */
  sessionClosed(): void {
    this.closed = true;
    this.pendingLogon = null;
    this.detachVm();
    this.cp.terminals.delete(this);
  }

  systemDown(): void {
    this.port.write(formatMessage(MESSAGES.shutdownComplete));
    this.onSystemDown?.();
  }

  // ------------------------------------------------------------------ from CP and the VM

  cpMessage(line: string, alarm = false): void {
    this.port.write(line, { alarm });
  }

  guestWrite(text: string, alarm: boolean): void {
    this.port.write(text, { alarm });
  }

  guestReadPosted(): void {
    this.feedGuest();
  }

  cpModeChanged(): void {
    this.updateRead();
  }

  /** The status follows who reads: CP READ in CP mode, VM READ for a guest read, else RUNNING. */
  updateRead(): void {
    const vm = this.vm;
    if (this.closed || this.pendingLogon || (!vm && this.port.logo)) return;
    const state = !vm || vm.cpMode ? 'CP READ' : vm.guestReading ? 'VM READ' : 'RUNNING';
    if (state !== this.port.read || state === 'CP READ') this.port.setRead(state);
  }
}

/**
 * SET EMSG (GC20-1820 SET; DIAGNOSE X'5C' p. 233): error messages in full (ON), the id
 * only (CODE), the text only (TEXT), or not at all (OFF). Other lines are unchanged.
 */
export function editMessage(line: string, emsg: 'ON' | 'OFF' | 'CODE' | 'TEXT'): string | null {
  const m = /^(DMK[A-Z]{3}\d{3}E) (.*)$/.exec(line);
  if (!m || emsg === 'ON') return line;
  if (emsg === 'OFF') return null;
  return emsg === 'CODE' ? m[1]! : m[2]!;
}
