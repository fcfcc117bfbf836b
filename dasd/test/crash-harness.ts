// The crash test: a writer child rewrites tracks of one image; it is killed (SIGKILL) at
// a random moment; the image is reopened and every track checked. Counted failures:
// an image that does not open, a damaged track, and a lost write (a track holding an
// older write than the last one acknowledged). A write not yet acknowledged may or may
// not be there: only the one in flight, the next sequence number, is allowed to be.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createCkdVolume } from '../src/image/create.ts';
import { openCkdImage } from '../src/image/open.ts';
import { crashSeqOf, crashTrackFor } from './crash-content.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../..');

export interface CrashFigures {
  format: string;
  kills: number;
  acknowledged: number;
  unreadable: number;
  damagedTracks: number;
  lostWrites: number;
  inFlightLanded: number;
}

/**
 * The writer bundled into one plain JavaScript file (esbuild comes with tsx), so that each
 * of the hundreds of children starts in a fraction of the time the TypeScript loader needs.
 */
async function writerCommand(dir: string): Promise<string[]> {
  const script = join(here, 'crash-writer.ts');
  try {
    const { buildSync } = await import('esbuild');
    const out = join(dir, 'crash-writer.mjs');
    buildSync({ entryPoints: [script], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'silent' });
    return [out];
  } catch {
    return ['--import', 'tsx', script];
  }
}

function runWriter(command: string[], path: string, startSeq: number, shadow: string | undefined, killAfterMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // node itself with the tsx loader: the tsx launcher would run the script in a grandchild
    // that a SIGKILL of the launcher leaves running.
    const child = spawn(process.execPath, [...command, path, String(startSeq), ...(shadow ? [shadow] : [])], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastAck = startSeq - 1;
    let buf = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready' && !timer) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else if (line.startsWith('ack ')) lastAck = Number(line.slice(4));
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer ended by itself (code ${code}): ${err}`));
      else resolve(lastAck);
    });
  });
}

export async function crashTest(dir: string, format: 'ckd' | 'cckd' | 'shadow', kills: number, random: () => number = Math.random): Promise<CrashFigures> {
  const path = join(dir, `crash-${format}.3350`);
  const shadow = format === 'shadow' ? join(dir, 'crash.shadow') : undefined;
  createCkdVolume(path, '3350', 'CRASH1', 2, { compressed: format === 'cckd' });
  const command = await writerCommand(dir);
  const initial = openCkdImage(path, { readOnly: true });
  const formatted = Array.from({ length: initial.cylinders * initial.heads }, (_, t) => initial.readTrack(t));
  initial.close();
  const figures: CrashFigures = { format, kills: 0, acknowledged: 0, unreadable: 0, damagedTracks: 0, lostWrites: 0, inFlightLanded: 0 };
  const state = new Map<number, number>(); // track -> seq it must hold at least
  let nextSeq = 1;
  for (let k = 0; k < kills; k++) {
    // Mostly kill while writing; sometimes during the open (which may be replaying).
    const delay = random() < 0.15 ? 0 : Math.floor(random() * 120);
    const lastAck = await runWriter(command, path, nextSeq, shadow, delay);
    figures.kills++;
    figures.acknowledged += lastAck - nextSeq + 1;
    for (let s = nextSeq; s <= lastAck; s++) state.set(crashTrackFor(s, 60), s);
    const inFlight = lastAck + 1;
    let img;
    try {
      img = openCkdImage(path, { readOnly: true, ...(shadow ? { shadow } : {}) });
    } catch {
      figures.unreadable++;
      nextSeq = inFlight + 1;
      continue;
    }
    try {
      const tracks = img.cylinders * img.heads;
      for (let t = 0; t < tracks; t++) {
        let seq: number;
        try {
          const image = img.readTrack(t);
          seq = sameBytes(image, formatted[t]!) ? 0 : crashSeqOf(image, t, img.heads);
        } catch {
          seq = -1;
        }
        const want = state.get(t) ?? 0;
        if (seq < 0) figures.damagedTracks++;
        else if (seq === inFlight && crashTrackFor(inFlight, tracks) === t) {
          figures.inFlightLanded++;
          state.set(t, seq);
        } else if (seq !== want) figures.lostWrites++;
      }
    } finally {
      img.close();
    }
    nextSeq = inFlight + 1;
  }
  return figures;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
