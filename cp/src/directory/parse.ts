// USER DIRECT parser (VM/370 R6 DIRECT program syntax, Planning and System Generation
// Guide pp. 229-230): one statement per record, columns 1-71 (72-80 are sequence
// numbers), blank-delimited positional operands, `*` lines and blank lines ignored. A
// statement has no continuation record: OPTION, SPOOL, LINK, MDISK ... are repeated instead.
import { hashPassword } from './password.ts';
import type { Directory, DirectoryHeader, UserEntry } from './types.ts';

export interface DirectoryError {
  readonly line: number;
  readonly message: string;
}

export class DirectoryLoadError extends Error {
  constructor(readonly errors: readonly DirectoryError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}

const DASD_TYPES = new Set([2305, 2314, 2319, 3330, 3340, 3350, 3375, 3380, 3310, 3370]);
const DIRECTORY_TYPES = new Set([2305, 2314, 2319, 3330, 3340, 3350]);
const CONSOLE_TYPES = new Set([3210, 3215, 1052, 2741, 3066, 3270]);
const LINK_MODES = new Set(['R', 'RR', 'W', 'WR', 'M', 'MR', 'MW']);
const OPTIONS = new Set(['REALTIMER', 'ECMODE', 'ISAM', 'VIRT=REAL', 'BMX', 'CPUID', 'SVC76', 'ACCT', 'APL', 'AFFINITY', 'VMSAVE', 'TODENABLE', 'LNKNOPAS']);
const MAX_STORAGE = 16 * 1024 * 1024;

type Fail = (id: number, text: string) => void;

/** Parses a device address (1-3 hex digits). */
function vaddr(s: string | undefined): number | undefined {
  if (s === undefined || !/^[0-9A-F]{1,3}$/.test(s)) return undefined;
  return parseInt(s, 16);
}

/** A storage size as the directory writes it: nnnK or nnM, a multiple of 4K, 64K to 16M (cpu370's storage range). */
export function parseDirectorySize(s: string): number | undefined {
  const m = /^(\d{1,5})([KM])$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] === 'M' ? 1024 * 1024 : 1024);
  if (n < 65536 || n % 4096 !== 0 || n > MAX_STORAGE) return undefined;
  return n;
}

interface Builder extends Omit<UserEntry, 'password'> {
  password: UserEntry['password'];
}

export function parseDirectory(text: string): { directory: Directory; errors: DirectoryError[] } {
  const errors: DirectoryError[] = [];
  const users = new Map<string, UserEntry>();
  let header: DirectoryHeader | undefined;
  let current: Builder | undefined;
  let seenStatement = false;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const ops = raw.slice(0, 71).toUpperCase().trim().split(/\s+/).filter((t) => t !== '');
    if (ops.length === 0 || ops[0]!.startsWith('*')) return;
    const fail: Fail = (id, text) => errors.push({ line: lineNo, message: `DMKDIR${id}E ${text} ON LINE ${lineNo}` });
    const stmt = ops[0]!;
    const args = ops.slice(1);
    const first = !seenStatement;
    seenStatement = true;
    if (stmt === 'DIRECTORY') {
      if (!first) return fail(758, 'DIRECTORY STATEMENT NOT FIRST');
      if (!checkCount(args, 3, 3, fail)) return;
      const dev = vaddr(args[0]);
      const type = Number(args[1]);
      if (dev === undefined) return fail(752, `INVALID OPERAND '${args[0]}'`);
      if (!DIRECTORY_TYPES.has(type)) return fail(752, `INVALID OPERAND '${args[1]}'`);
      header = { vaddr: dev, devtype: type, volser: args[2]! };
      return;
    }
    if (stmt === 'USER') {
      current = undefined;
      const u = parseUser(args, lineNo, fail);
      if (!u) return;
      if (users.has(u.userid)) return fail(755, `DUPLICATE USER '${u.userid}'`);
      users.set(u.userid, u);
      current = u;
      return;
    }
    const handler = STATEMENTS[stmt];
    if (!handler) return fail(751, `UNKNOWN STATEMENT '${stmt}'`);
    if (!current) return fail(754, `${stmt} STATEMENT OUTSIDE A USER ENTRY`);
    handler(current, args, fail);
  });
  return { directory: { ...(header ? { header } : {}), users }, errors };
}

/** Parses and throws DirectoryLoadError listing every bad statement. */
export function loadDirectory(text: string): Directory {
  const { directory, errors } = parseDirectory(text);
  if (errors.length > 0) throw new DirectoryLoadError(errors);
  return directory;
}

function checkCount(args: string[], min: number, max: number, fail: Fail): boolean {
  if (args.length < min) {
    fail(753, 'OPERAND MISSING');
    return false;
  }
  if (args.length > max) {
    fail(756, `TOO MANY OPERANDS '${args.slice(max).join(' ')}'`);
    return false;
  }
  return true;
}

function parseUser(args: string[], line: number, fail: Fail): Builder | undefined {
  // USER userid password [storage [maxstorage [classes [priority [lineend linedel chardel [escape]]]]]]
  if (!checkCount(args, 2, 10, fail)) return undefined;
  const [userid, password, stor = '256K', maxStor, classes = 'G', prio = '50', lineEnd = '#', lineDel = '¢', charDel = '@', escape = '"'] = args as [string, string, ...string[]];
  if (!/^[A-Z0-9@#$]{1,8}$/.test(userid)) return fail(752, `INVALID OPERAND '${userid}'`), undefined;
  if (password.length > 8) return fail(752, `INVALID OPERAND '${password}'`), undefined;
  const storage = parseDirectorySize(stor);
  if (storage === undefined) return fail(752, `INVALID OPERAND '${stor}'`), undefined;
  const maxStorage = maxStor === undefined ? storage : parseDirectorySize(maxStor);
  if (maxStorage === undefined || maxStorage < storage) return fail(752, `INVALID OPERAND '${maxStor}'`), undefined;
  if (!/^[A-H]{1,8}$/.test(classes) || new Set(classes).size !== classes.length) return fail(752, `INVALID OPERAND '${classes}'`), undefined;
  if (!/^\d{1,2}$/.test(prio)) return fail(752, `INVALID OPERAND '${prio}'`), undefined;
  for (const c of [lineEnd, lineDel, charDel, escape]) if (c.length !== 1) return fail(752, `INVALID OPERAND '${c}'`), undefined;
  return {
    userid,
    password: password === 'NOLOG' ? null : hashPassword(password),
    storage,
    maxStorage,
    classes,
    priority: Number(prio),
    lineEnd,
    lineDel,
    charDel,
    escape,
    line,
    options: new Set(),
    spool: [],
    mdisks: [],
    links: [],
    dedicates: [],
  };
}

function usedAddresses(u: Builder): Set<number> {
  const s = new Set<number>();
  if (u.console) s.add(u.console.vaddr);
  for (const d of u.spool) s.add(d.vaddr);
  for (const d of u.mdisks) s.add(d.vaddr);
  for (const d of u.links) s.add(d.localVaddr);
  for (const d of u.dedicates) s.add(d.vaddr);
  return s;
}

/** Checks a new device address of the entry; fails on a bad or duplicate one. */
function newAddress(u: Builder, s: string | undefined, fail: Fail): number | undefined {
  const a = vaddr(s);
  if (a === undefined) return fail(752, `INVALID OPERAND '${s}'`), undefined;
  if (usedAddresses(u).has(a)) return fail(757, `DUPLICATE DEVICE ADDRESS ${s}`), undefined;
  return a;
}

type Handler = (u: Builder, args: string[], fail: Fail) => void;

const STATEMENTS: Record<string, Handler> = {
  ACCOUNT(u, args, fail) {
    if (!checkCount(args, 1, 2, fail)) return;
    if (args[0]!.length > 8 || (args[1] ?? '').length > 8) return fail(752, `INVALID OPERAND '${args.find((a) => a.length > 8)}'`);
    u.account = { number: args[0]!, distcode: args[1] ?? args[0]! };
  },
  OPTION(u, args, fail) {
    if (!checkCount(args, 1, 12, fail)) return;
    for (const o of args) if (!OPTIONS.has(o)) return fail(752, `INVALID OPERAND '${o}'`);
    for (const o of args) u.options.add(o);
  },
  IPL(u, args, fail) {
    // IPL sysname|cuu [PARM text]: the PARM text is the rest of the record.
    if (args.length < 1) return fail(753, 'OPERAND MISSING');
    if (!/^[A-Z0-9$#@]{1,8}$/.test(args[0]!)) return fail(752, `INVALID OPERAND '${args[0]}'`);
    if (args.length > 1 && args[1] !== 'PARM') return fail(752, `INVALID OPERAND '${args[1]}'`);
    u.ipl = args.length > 2 ? { target: args[0]!, parm: args.slice(2).join(' ') } : { target: args[0]! };
  },
  CONSOLE(u, args, fail) {
    if (!checkCount(args, 2, 3, fail)) return;
    if (u.console) return fail(759, 'DUPLICATE CONSOLE STATEMENT');
    const a = newAddress(u, args[0], fail);
    if (a === undefined) return;
    const type = Number(args[1]);
    if (!CONSOLE_TYPES.has(type)) return fail(752, `INVALID OPERAND '${args[1]}'`);
    const cls = args[2] ?? 'T';
    if (!/^[A-Z0-9*]$/.test(cls)) return fail(752, `INVALID OPERAND '${cls}'`);
    u.console = { vaddr: a, devtype: type, spoolClass: cls };
  },
  SPOOL(u, args, fail) {
    // SPOOL cuu 2540 READ|PUNCH [class] | SPOOL cuu 3505|3525|1403|3211 [class]
    if (!checkCount(args, 2, 4, fail)) return;
    const a = newAddress(u, args[0], fail);
    if (a === undefined) return;
    const type = Number(args[1]);
    let rest = args.slice(2);
    let kind: 'READER' | 'PUNCH' | 'PRINTER';
    if (type === 2540) {
      if (rest[0] === 'READ' || rest[0] === 'READER') kind = 'READER';
      else if (rest[0] === 'PUNCH') kind = 'PUNCH';
      else return fail(752, `INVALID OPERAND '${rest[0] ?? ''}'`);
      rest = rest.slice(1);
    } else if (type === 3505) kind = 'READER';
    else if (type === 3525) kind = 'PUNCH';
    else if (type === 1403 || type === 3211 || type === 1443 || type === 3800) kind = 'PRINTER';
    else return fail(752, `INVALID OPERAND '${args[1]}'`);
    if (rest.length > 1) return fail(756, `TOO MANY OPERANDS '${rest.slice(1).join(' ')}'`);
    const cls = rest[0] ?? (kind === 'READER' ? '*' : 'A');
    if (!/^[A-Z0-9*]$/.test(cls)) return fail(752, `INVALID OPERAND '${cls}'`);
    u.spool.push({ vaddr: a, devtype: type, kind, spoolClass: cls });
  },
  LINK(u, args, fail) {
    if (!checkCount(args, 4, 4, fail)) return;
    const [userid, from, to, mode] = args as [string, string, string, string];
    if (!/^[A-Z0-9@#$*]{1,8}$/.test(userid)) return fail(752, `INVALID OPERAND '${userid}'`);
    const v = vaddr(from);
    if (v === undefined) return fail(752, `INVALID OPERAND '${from}'`);
    const local = newAddress(u, to, fail);
    if (local === undefined) return;
    if (!LINK_MODES.has(mode)) return fail(752, `INVALID OPERAND '${mode}'`);
    u.links.push({ userid: userid === '*' ? u.userid : userid, vaddr: v, localVaddr: local, mode });
  },
  MDISK(u, args, fail) {
    // MDISK cuu devtype start count volser mode [readpass [writepass [multpass]]]
    if (!checkCount(args, 6, 9, fail)) return;
    const a = newAddress(u, args[0], fail);
    if (a === undefined) return;
    const type = Number(args[1]);
    if (!DASD_TYPES.has(type)) return fail(752, `INVALID OPERAND '${args[1]}'`);
    for (const n of [args[2]!, args[3]!]) if (!/^\d{1,5}$/.test(n)) return fail(752, `INVALID OPERAND '${n}'`);
    if (!/^[A-Z0-9$#@-]{1,6}$/.test(args[4]!)) return fail(752, `INVALID OPERAND '${args[4]}'`);
    if (!LINK_MODES.has(args[5]!)) return fail(752, `INVALID OPERAND '${args[5]}'`);
    u.mdisks.push({
      vaddr: a,
      devtype: type,
      start: Number(args[2]),
      count: Number(args[3]),
      volser: args[4]!,
      mode: args[5]!,
      ...(args[6] ? { readPassword: args[6] } : {}),
      ...(args[7] ? { writePassword: args[7] } : {}),
      ...(args[8] ? { multiPassword: args[8] } : {}),
    });
  },
  DEDICATE(u, args, fail) {
    if (!checkCount(args, 2, 2, fail)) return;
    const a = newAddress(u, args[0], fail);
    if (a === undefined) return;
    u.dedicates.push({ vaddr: a, real: args[1]! });
  },
};
