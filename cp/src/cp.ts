// The Control Program's state: the directory, the logged-on virtual machines, the
// terminals, named systems, the dispatcher and the command table. Everything CP does to
// its hardware goes through `hw`.
import type { Directory, UserEntry } from './directory/types.ts';
import type { Hardware } from './hardware.ts';
import { Dispatcher } from './dispatch/dispatcher.ts';
import { VirtualMachine, type NamedSystem } from './vm/machine.ts';
import { CommandTable, type CommandContext } from './commands/framework.ts';
import { standardCommands } from './commands/index.ts';
import { formatMessage, MESSAGES } from './commands/messages.ts';
import type { UserConsole } from './console/user-console.ts';
import { SpoolStore } from './spool/store.ts';
import { closeOutput } from './spool/close.ts';

const FIRST_TERMINAL = 0x0c0;
const hex8 = (n: number): string => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');

export interface CpOptions {
  /** The primary system operator's userid (MSG OPERATOR goes there). */
  operator?: string;
  /** Called after SHUTDOWN has logged everyone off. */
  onShutdown?: () => void;
  /**
   * A disconnected machine that reads its console or stops in a disabled wait is logged
   * off after this long (R6: 15 minutes, HELP DISCONN).
   */
  disconnectLogoffMs?: number;
  /** The system's data directory: spool files live in `spool/`, printer output in `printer.txt` (none: in storage only). */
  dataDir?: string;
}

export class ControlProgram {
  readonly users = new Map<string, VirtualMachine>();
  readonly terminals = new Set<UserConsole>();
  readonly namedSystems = new Map<string, NamedSystem>();
  readonly dispatcher: Dispatcher;
  readonly commands: CommandTable;
  readonly spool: SpoolStore;
  readonly operator: string;
  readonly startedAt: Date;
  shuttingDown = false;

  constructor(
    readonly hw: Hardware,
    public directory: Directory,
    readonly opts: CpOptions = {},
  ) {
    this.operator = opts.operator ?? 'OPERATOR';
    this.startedAt = hw.now();
    this.commands = standardCommands();
    this.spool = new SpoolStore(opts.dataDir ?? null);
    this.dispatcher = new Dispatcher(hw, {
      disabledWait: (vm) => {
        vm.idleWhileDisconnected();
        const [hi, lo] = vm.cpu.pswWords();
        vm.terminal?.cpMessage(formatMessage(MESSAGES.disabledWait, [`${hex8(hi)} ${hex8(lo)}`]));
        vm.terminal?.cpModeChanged();
      },
      checkStop: (vm) => {
        vm.terminal?.cpMessage(formatMessage(MESSAGES.checkStop));
        vm.terminal?.cpModeChanged();
      },
    });
  }

  /** A terminal address for QUERY NAMES: the lowest free one from 0C0 up (like real 3270s). */
  allocateTerminalAddress(): number {
    const used = new Set([...this.terminals].map((t) => t.address));
    let a = FIRST_TERMINAL;
    while (used.has(a)) a++;
    return a;
  }

  user(userid: string): UserEntry | undefined {
    return this.directory.users.get(userid.toUpperCase());
  }

  /** Creates the virtual machine of a user who has just logged on. */
  createVm(entry: UserEntry): VirtualMachine {
    const vm = new VirtualMachine(this, entry);
    this.users.set(entry.userid, vm);
    return vm;
  }

  /** Ends a virtual machine (LOGOFF, FORCE, SHUTDOWN). */
  destroyVm(vm: VirtualMachine): void {
    if (vm.loggedOff) return;
    if (!vm.terminal && !this.shuttingDown) {
      // The operator hears of disconnected users that go away.
      const op = this.users.get(this.operator);
      if (op && op !== vm) op.terminal?.cpMessage(`USER DSC LOGOFF AS ${vm.userid}`);
    }
    vm.cancelDisconnectTimer();
    for (const line of closeOutput(vm)) vm.terminal?.cpMessage(line);
    vm.loggedOff = true;
    this.dispatcher.remove(vm);
    vm.channel.reset();
    this.users.delete(vm.userid);
  }

  /**
   * Runs one CP command for a virtual machine (DIAGNOSE X'08'). Responses go to `buffer`
   * when given, else to the user's terminal. Returns the completion code.
   */
  execute(vm: VirtualMachine, line: string, buffer: ((line: string) => void) | null): number {
    const t0 = this.hw.elapsedMs();
    const ctx: CommandContext = {
      cp: this,
      vm,
      terminal: vm.terminal,
      classes: vm.entry.classes,
      out: buffer ?? ((l) => vm.terminal?.cpMessage(l)),
    };
    try {
      return this.commands.execute(ctx, line);
    } finally {
      vm.cpMs += this.hw.elapsedMs() - t0;
    }
  }

  /** SHUTDOWN: every user is logged off, then the system stops. */
  shutdown(): void {
    this.shuttingDown = true;
    for (const vm of [...this.users.values()]) {
      const t = vm.terminal;
      this.destroyVm(vm);
      t?.detachVm();
    }
    for (const t of this.terminals) t.systemDown();
    this.opts.onShutdown?.();
  }
}
