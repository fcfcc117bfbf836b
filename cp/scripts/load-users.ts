// Load figures for the CP dispatcher: N users log on over TN3270 at once, each IPLs a
// compute loop, then each repeatedly asks CP `#CP QUERY STORAGE` while the guests run.
// Prints the console response times and the guests' total instruction rate.
// Usage: npx tsx cp/scripts/load-users.ts [users=50] [seconds=5]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromEbcdic, toEbcdic } from '../../cpu370/index.ts';
import { AID, Keyboard, ScreenModel, Tn3270Client } from '../../terminal/index.ts';
import { buildNamedSystem, startSystem } from '../index.ts';

const USERS = Number(process.argv[2] ?? 50);
const SECONDS = Number(process.argv[3] ?? 5);
const SPIN = ['SPIN     CSECT', '         BALR  12,0', '         USING *,12', 'LOOP     LA    1,1(1)', '         B     LOOP', '         END', ''].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'vm370-load-'));
let direct = '';
for (let i = 0; i < USERS; i++) direct += `USER U${String(i).padStart(3, '0')} PW 256K 1M G\n CONSOLE 009 3215\n`;
writeFileSync(join(dir, 'user.direct'), direct);
const sys = await startSystem({ dataDir: dir, port: 0 });
sys.cp.namedSystems.set('SPIN', buildNamedSystem('SPIN', SPIN));

interface User {
  screen: ScreenModel;
  kb: Keyboard;
  client: Tn3270Client;
  records: number;
}

const TABLE = Array.from({ length: 256 }, (_, b) => fromEbcdic(Uint8Array.of(b)));
const decode = (b: number): string => TABLE[b]!;
const text = (u: User): string => u.screen.text(decode).join('\n');
const count = (u: User, s: string): number => text(u).split(s).length - 1;

async function until(pred: () => boolean, ms = 20000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function enter(u: User, line: string): void {
  if (u.screen.keyboardLocked) throw new Error(`keyboard locked: ${u.screen.lock}`);
  u.kb.home();
  for (const b of toEbcdic(line)) u.kb.type(b);
  const inbound = u.kb.aid(AID.ENTER);
  if (inbound) u.client.send(inbound);
}

const users: User[] = [];
for (let i = 0; i < USERS; i++) {
  const client = await Tn3270Client.connect({ host: '127.0.0.1', port: sys.port, model: 2 });
  const screen = new ScreenModel(2);
  const u: User = { screen, kb: new Keyboard(screen), client, records: 0 };
  client.listen({ record: (s) => (screen.apply(s), u.records++), closed: () => undefined });
  users.push(u);
}
await until(() => users.every((u) => text(u).startsWith('VM/370 Online')));
const t0 = Date.now();
users.forEach((u, i) => enter(u, `logon U${String(i).padStart(3, '0')} pw`));
await until(() => users.every((u) => text(u).includes('LOGON AT')));
const logonMs = Date.now() - t0;
for (const u of users) enter(u, 'ipl spin');
await until(() => users.every((u) => u.screen.text(decode).at(-1)!.includes('RUNNING')));
await new Promise((r) => setTimeout(r, 500));

const times: number[] = [];
const i0 = [...sys.cp.users.values()].reduce((s, vm) => s + vm.cpu.instructions, 0);
const v0 = [...sys.cp.users.values()].reduce((s, vm) => s + vm.virtMs, 0);
const s0 = sys.cp.dispatcher.slices;
const w0 = Date.now();
const stopAt = Date.now() + SECONDS * 1000;
await Promise.all(
  users.map(async (u) => {
    while (Date.now() < stopAt) {
      const before = count(u, 'STORAGE = 00256K');
      const s = Date.now();
      let seen = u.records;
      enter(u, '#cp q stor');
      await until(() => {
        if (u.records === seen) return false;
        seen = u.records;
        return count(u, 'STORAGE = 00256K') > before || u.screen.text(decode).at(-1)!.includes('MORE');
      });
      times.push(Date.now() - s);
      // A user reads the answer before typing the next command.
      await new Promise((r) => setTimeout(r, 250));
      if (u.screen.text(decode).at(-1)!.includes('MORE')) {
        const clear = u.kb.aid(AID.CLEAR);
        if (clear) u.client.send(clear);
      }
      await until(() => !u.screen.keyboardLocked);
    }
  }),
);
const seconds = (Date.now() - w0) / 1000;
const i1 = [...sys.cp.users.values()].reduce((s, vm) => s + vm.cpu.instructions, 0);
times.sort((a, b) => a - b);
const v1 = [...sys.cp.users.values()].reduce((s, vm) => s + vm.virtMs, 0);
console.log(`dispatcher: ${sys.cp.dispatcher.slices - s0} slices, guest time ${(v1 - v0).toFixed(0)} ms`);
const pct = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
console.log(`users ${USERS}, all logged on in ${logonMs} ms, all guests running a compute loop`);
console.log(`#CP QUERY STORAGE responses: ${times.length}; median ${pct(0.5)} ms, p90 ${pct(0.9)} ms, max ${times.at(-1)} ms`);
console.log(`guests together: ${((i1 - i0) / seconds / 1e6).toFixed(1)} million instructions/s over ${seconds.toFixed(1)} s`);
for (const u of users) u.client.close();
await sys.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
