// Hercules configuration files for the bare machine: the system statements that matter
// for an S/370 and the device lines `cuu[-cuu|,cuu...] type args...`. Statements that only
// tune Hercules itself are accepted and listed as ignored; unknown ones are errors.

export interface DeviceLine {
  readonly devnums: number[];
  readonly type: string;
  readonly args: string[];
  readonly line: number;
}

export interface MachineConfig {
  archmode: string;
  /** Bytes. */
  mainsize: number;
  numcpu: number;
  cpuserial: string;
  cpumodel: string;
  /** CNSLPORT as given (`port` or `host:port`), for the terminal part's listener; undefined when absent. */
  cnslport?: string;
  loadparm: string;
  devices: DeviceLine[];
  /** "line N: STATEMENT ..." for each statement that has no effect here. */
  ignored: string[];
}

/** Hercules statements with no meaning for this machine (performance, panel, host tuning, other architectures' features). */
const IGNORED = new Set([
  'PANRATE', 'OSTAILOR', 'XPNDSIZE', 'CPUPRIO', 'DEVPRIO', 'TODPRIO', 'HERCPRIO', 'DEVTMAX', 'TIMERINT', 'HTTPPORT', 'HTTPROOT',
  'PGMPRDOS', 'CODEPAGE', 'TZOFFSET', 'YROFFSET', 'SYSEPOCH', 'ECPSVM', 'SHCMDOPT', 'LEGACYSENSEID', 'DIAG8CMD', 'IODELAY',
  'LPARNAME', 'LPARNUM', 'CPUVERID', 'MODPATH', 'LDMOD', 'AUTO_SCSI_MOUNT', 'CCKD', 'SHRDPORT', 'ASN_AND_LX_REUSE', 'ALRF',
  'MOUNTED_TAPE_REINIT', 'AUTOMOUNT', 'TRACEOPT', 'CONKPALV', 'LOGOPT', 'PANTITLE', 'MAXCPU', 'NUMVEC', 'ENGINES', 'SYSGPORT',
  'HAO', 'DEFSYM', 'INCLUDE', 'IGNORE', 'CMDSEP', 'MSGHLD', 'LOGO', 'ARCHLVL_OPTIONS', 'FACILITY', 'CAPPING', 'PANOPT', 'CMDLEVEL',
]);

export function parseConfig(text: string): MachineConfig {
  const cfg: MachineConfig = {
    archmode: 'S/370',
    mainsize: 2 * 1024 * 1024,
    numcpu: 1,
    cpuserial: '000611',
    cpumodel: '3158',
    loadparm: '',
    devices: [],
    ignored: [],
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = stripComment(raw).trim();
    if (!line) return;
    const words = splitWords(line);
    const head = words[0]!;
    const key = head.toUpperCase();
    const arg = words[1] ?? '';
    const need = () => {
      if (!arg) throw new Error(`line ${n}: ${key} needs a value`);
      return arg;
    };
    if (/^[0-9A-F]{1,4}([-.,:][0-9A-F]{1,4})*$/i.test(head) && words.length >= 2 && !IGNORED.has(key) && !isStatement(key)) {
      cfg.devices.push({ devnums: parseDevnums(head, n), type: words[1]!.toUpperCase(), args: words.slice(2), line: n });
      return;
    }
    switch (key) {
      case 'ARCHMODE':
      case 'ARCHLVL': {
        const v = need().toUpperCase();
        if (v !== 'S/370' && v !== 'S370') throw new Error(`line ${n}: ${key} ${arg}: only S/370 is supported`);
        cfg.archmode = 'S/370';
        break;
      }
      case 'MAINSIZE': {
        const mb = Number(need());
        if (!Number.isInteger(mb) || mb < 1 || mb > 16) throw new Error(`line ${n}: MAINSIZE ${arg}: give 1-16 (megabytes; S/370 addresses 16M)`);
        cfg.mainsize = mb * 1024 * 1024;
        break;
      }
      case 'NUMCPU': {
        const c = Number(need());
        if (!Number.isInteger(c) || c < 1 || c > 16) throw new Error(`line ${n}: NUMCPU ${arg}: give 1-16`);
        cfg.numcpu = c;
        break;
      }
      case 'CPUSERIAL':
        cfg.cpuserial = need();
        cfg.ignored.push(`line ${n}: CPUSERIAL (STIDP reports serial 000611)`);
        break;
      case 'CPUMODEL':
        cfg.cpumodel = need();
        cfg.ignored.push(`line ${n}: CPUMODEL (STIDP reports model 3158)`);
        break;
      case 'CNSLPORT':
        cfg.cnslport = need();
        break;
      case 'LOADPARM':
        cfg.loadparm = need();
        break;
      default:
        if (IGNORED.has(key)) {
          cfg.ignored.push(`line ${n}: ${line}`);
          break;
        }
        throw new Error(`line ${n}: unknown statement '${head}'`);
    }
  });
  return cfg;
}

function isStatement(key: string): boolean {
  return ['ARCHMODE', 'ARCHLVL', 'MAINSIZE', 'NUMCPU', 'CPUSERIAL', 'CPUMODEL', 'CNSLPORT', 'LOADPARM'].includes(key);
}

function stripComment(line: string): string {
  if (/^\s*[*#]/.test(line)) return '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') q = !q;
    else if (c === '#' && !q && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** Words separated by blanks; "double quotes" keep blanks inside one word. */
export function splitWords(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2]!);
  return out;
}

/** `00C`, `0580-0583`, `0580.4`, `0190,0191`: the device numbers of one configuration line. */
export function parseDevnums(text: string, line = 0): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^([0-9A-F]{1,4})(?:([-.:])([0-9A-F]{1,4}))?$/i.exec(part);
    if (!m) throw new Error(`line ${line}: bad device number '${text}'`);
    const a = parseInt(m[1]!, 16);
    let b = a;
    if (m[2] === '-' || m[2] === ':') b = parseInt(m[3]!, 16);
    else if (m[2] === '.') b = a + parseInt(m[3]!, 16) - 1;
    if (b < a || b > 0xfff) throw new Error(`line ${line}: device numbers '${text}' are not in 000-FFF`);
    for (let d = a; d <= b; d++) out.push(d);
  }
  return out;
}
