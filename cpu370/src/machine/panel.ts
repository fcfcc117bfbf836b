// The operator's command line of the bare machine, after Hercules' panel commands:
// ipl, stop, start, restart, sysreset, r, gpr, psw, cr, devlist, devinit, attach, detach,
// loadparm, pause (in scripts), help, quit.

import { fromEbcdic } from '../ebcdic/ebcdic.ts';
import { ipl } from './ipl.ts';
import type { Machine } from './machine.ts';
import { createDevice } from './device-registry.ts';
import { parseDevnums, splitWords } from './config.ts';

export type PanelResult = 'quit' | undefined;

const HELP = [
  'ipl cuu [[loadparm] x]  IPL CPU 0 from device cuu (x: LOADPARM)',
  'loadparm [text]         show or set the LOADPARM for the next IPL',
  'start | stop            start or stop CPU 0',
  'restart                 restart interruption on CPU 0',
  'sysreset                system reset (CPUs and I/O; storage kept)',
  'psw | gpr | cr          display the PSW, general or control registers (gpr n=hex alters)',
  'r ADDR[.LEN|-END|=HEX]  display or alter absolute storage',
  'devlist                 list the devices',
  'devinit cuu file [opts] new file/options for a device',
  'attach cuu type [args]  add a device; detach cuu removes one',
  'pause seconds           wait (in --rc scripts)',
  'quit                    flush and close the devices and end',
];

export class Panel {
  constructor(
    private readonly machine: Machine,
    private readonly out: (line: string) => void,
    private readonly note: (line: string) => void = out,
  ) {}

  /** Runs one command line; resolves once it has taken effect (an IPL once its I/O has ended). */
  async command(text: string): Promise<PanelResult> {
    const words = splitWords(text.trim());
    if (words.length === 0) return undefined;
    const verb = words[0]!.toLowerCase();
    const args = words.slice(1);
    const m = this.machine;
    try {
      switch (verb) {
        case 'ipl': {
          const devnum = this.devnum(args[0]);
          // `ipl cuu PARM`, or Hercules' `ipl cuu loadparm PARM`.
          const parm = (args[1]?.toLowerCase() === 'loadparm' || args[1]?.toLowerCase() === 'parm' ? args[2] : args[1]) ?? m.loadparm.trim();
          const r = await ipl(m, devnum, { loadparm: parm });
          if (!r.ok) this.out(`IPL ${hex(devnum, 3)} failed: ${r.reason}`);
          return undefined;
        }
        case 'loadparm':
          if (args[0] !== undefined) m.loadparm = args[0].toUpperCase().padEnd(8, ' ').slice(0, 8);
          this.out(`LOADPARM=${m.loadparm.trim()}`);
          return undefined;
        case 'start':
          m.start(0);
          return undefined;
        case 'stop':
          m.stop(0);
          return undefined;
        case 'restart':
          m.restart(0);
          return undefined;
        case 'sysreset':
        case 'sysclear':
          m.systemReset();
          if (verb === 'sysclear') m.storage.clear();
          return undefined;
        case 'psw':
          this.out(this.psw());
          return undefined;
        case 'gpr':
          this.registers('GR', args, m.cpus[0]!.gpr, true);
          return undefined;
        case 'cr':
          this.registers('CR', args, m.cpus[0]!.cr, false);
          return undefined;
        case 'r':
          this.storage(args.join(''));
          return undefined;
        case 'devlist':
          for (const d of m.channels.devices()) {
            this.out(`${hex(d.devnum, 4)} ${hex(d.devtype, 4)} ${d.describe?.() ?? ''} [${m.channels.state(d.devnum)}]`);
          }
          return undefined;
        case 'devinit': {
          const devnum = this.devnum(args[0]);
          const d = m.channels.device(devnum);
          if (!d) throw new Error(`device ${hex(devnum, 4)} does not exist`);
          if (!d.reinit) throw new Error(`device ${hex(devnum, 4)} cannot be re-initialised`);
          d.reinit(args.slice(1));
          this.out(`device ${hex(devnum, 4)} initialised`);
          return undefined;
        }
        case 'attach': {
          if (args.length < 2) throw new Error('use: attach cuu type [args]');
          for (const devnum of parseDevnums(args[0]!)) {
            m.attach(createDevice({ devnum, type: args[1]!.toUpperCase(), args: args.slice(2), note: this.note }));
          }
          return undefined;
        }
        case 'detach': {
          const devnum = this.devnum(args[0]);
          const d = m.channels.detach(devnum);
          if (!d) throw new Error(`device ${hex(devnum, 4)} does not exist`);
          await d.close?.();
          this.out(`device ${hex(devnum, 4)} detached`);
          return undefined;
        }
        case 'pause': {
          const s = Number(args[0] ?? '1');
          await new Promise((res) => setTimeout(res, Math.max(0, s) * 1000));
          return undefined;
        }
        case 'help':
        case '?':
          for (const l of HELP) this.out(l);
          return undefined;
        case 'quit':
        case 'exit':
          return 'quit';
        default:
          this.out(`unknown command '${words[0]}' (help lists the commands)`);
          return undefined;
      }
    } catch (e) {
      this.out(`${verb}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  psw(): string {
    const [hi, lo] = this.machine.cpus[0]!.pswWords();
    return `PSW=${hex(hi, 8)} ${hex(lo, 8)}`;
  }

  private devnum(text: string | undefined): number {
    if (!text || !/^[0-9a-f]{1,4}$/i.test(text)) throw new Error(`give a device number in hex, not '${text ?? ''}'`);
    const n = parseInt(text, 16);
    if (n > 0xfff) throw new Error(`device number ${text} is not 000-FFF`);
    return n;
  }

  private registers(prefix: string, args: string[], regs: Int32Array | Uint32Array, signed: boolean): void {
    for (const a of args) {
      const mm = /^(\d{1,2})=([0-9a-f]{1,8})$/i.exec(a);
      if (!mm || Number(mm[1]) > 15) throw new Error(`use n=hex (n 0-15), not '${a}'`);
      const v = parseInt(mm[2]!, 16);
      regs[Number(mm[1])] = signed ? v | 0 : v >>> 0;
    }
    for (let r = 0; r < 16; r += 4) {
      const cols = [0, 1, 2, 3].map((k) => `${prefix}${String(r + k).padStart(2, '0')}=${hex(regs[r + k]!, 8)}`);
      this.out(cols.join(' '));
    }
  }

  /** `r ADDR`, `r ADDR.LEN`, `r ADDR-END`, `r ADDR=HEX`: absolute storage, 16 bytes a line with EBCDIC text. */
  private storage(text: string): void {
    const st = this.machine.storage;
    const alter = /^([0-9a-f]+)=([0-9a-f]+)$/i.exec(text);
    if (alter) {
      const a = parseInt(alter[1]!, 16);
      const hexText = alter[2]!;
      if (hexText.length % 2 !== 0) throw new Error('give whole bytes after =');
      const n = hexText.length / 2;
      if (a + n > st.size) throw new Error(`address ${hex(a + n - 1, 6)} is beyond storage (${hex(st.size, 6)})`);
      for (let i = 0; i < n; i++) st.write8(a + i, parseInt(hexText.slice(2 * i, 2 * i + 2), 16));
      this.dump(a, n);
      return;
    }
    const m = /^([0-9a-f]+)(?:([.-])([0-9a-f]+))?$/i.exec(text);
    if (!m) throw new Error(`use r ADDR[.LEN|-END|=HEX] in hex, not '${text}'`);
    const start = parseInt(m[1]!, 16);
    let len = 64;
    if (m[2] === '.') len = parseInt(m[3]!, 16);
    else if (m[2] === '-') len = parseInt(m[3]!, 16) - start + 1;
    if (len <= 0) throw new Error(`empty range '${text}'`);
    if (start >= st.size) throw new Error(`address ${hex(start, 6)} is beyond storage (${hex(st.size, 6)})`);
    this.dump(start, Math.min(len, st.size - start, 0x10000));
  }

  private dump(start: number, len: number): void {
    const st = this.machine.storage;
    for (let a = start; a < start + len; a += 16) {
      const n = Math.min(16, start + len - a);
      const bytes = st.slice(a, n);
      let h = '';
      for (let i = 0; i < n; i++) h += hex(bytes[i]!, 2) + ((i & 3) === 3 && i < 15 ? ' ' : '');
      const text = fromEbcdic(bytes).replace(/[^\x20-\x7e]/g, '.');
      this.out(`R:${hex(a, 8)}  ${h.padEnd(35)}  *${text}*`);
    }
  }
}

function hex(v: number, d: number): string {
  return (v >>> 0).toString(16).toUpperCase().padStart(d, '0');
}
