// The whole system on the bare machine: the data directory with its USER DIRECT, CP on
// the bare hardware, the named system HELLO, and the TN3270/telnet listener whose
// sessions get CP consoles. This is the bootstrap (the host side); CP itself reaches the
// machine only through the Hardware interface.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { assemble, link } from '../../cpu370/index.ts';
import { TerminalServer, type TerminalSession } from '../../terminal/index.ts';
import { bareHardware } from './bare.ts';
import { ControlProgram } from './cp.ts';
import { loadDirectory } from './directory/parse.ts';
import { attachSession } from './console/attach.ts';
import type { UserConsole } from './console/user-console.ts';
import type { NamedSystem } from './vm/machine.ts';
import { DEFAULT_DIRECTORY, DIRECTORY_FILE } from './system/defaults.ts';
import { HELLO_SOURCE } from './system/hello.ts';
import { closeOutput } from './spool/close.ts';

/** Where the system's files live unless --data says otherwise. */
export function defaultDataDir(): string {
  return process.env.VM370_DATA ?? join(homedir(), '.vm370');
}

export interface SystemOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  log?: (line: string) => void;
  /** How long the listener waits for TN3270 negotiation before a line-mode session (ms). */
  negotiationMs?: number;
  /** Called when the operator's SHUTDOWN has logged everyone off. */
  onShutdown?: () => void;
}

export interface RunningSystem {
  readonly cp: ControlProgram;
  readonly host: string;
  readonly port: number;
  readonly created: boolean;
  /** Gives CP a terminal session (the local window). */
  attach(session: TerminalSession): UserConsole;
  close(): Promise<void>;
}

/** Assembles a stand-alone program and keeps it as a named system started at its origin. */
export function buildNamedSystem(name: string, source: string, origin = 0x1000): NamedSystem {
  const a = assemble(source);
  if (a.returnCode > 4) throw new Error(`named system ${name} does not assemble (return code ${a.returnCode})`);
  return { name, image: link([a.module], { origin }).image, origin, psw: [0, origin] };
}

export async function startSystem(opts: SystemOptions): Promise<RunningSystem> {
  mkdirSync(opts.dataDir, { recursive: true });
  const file = join(opts.dataDir, DIRECTORY_FILE);
  const created = !existsSync(file);
  if (created) writeFileSync(file, DEFAULT_DIRECTORY);
  const directory = loadDirectory(readFileSync(file, 'utf8'));
  const cp = new ControlProgram(bareHardware(), directory, { dataDir: opts.dataDir, ...(opts.onShutdown ? { onShutdown: opts.onShutdown } : {}) });
  cp.namedSystems.set('HELLO', buildNamedSystem('HELLO', HELLO_SOURCE));
  const server = new TerminalServer({
    host: opts.host ?? '127.0.0.1',
    port: opts.port,
    onSession: (s) => attachSession(cp, s),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.negotiationMs !== undefined ? { negotiationTimeoutMs: opts.negotiationMs } : {}),
  });
  const address = await server.listen();
  return {
    cp,
    host: address.host,
    port: address.port,
    created,
    attach: (s) => attachSession(cp, s),
    close: () => {
      // Stopped without SHUTDOWN (SIGINT, the window closed): open spool output is kept as closed files.
      for (const vm of cp.users.values()) closeOutput(vm);
      return server.close();
    },
  };
}
