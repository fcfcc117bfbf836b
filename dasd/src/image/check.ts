// `vm370 dasd check`: a structural check of a volume, read-only (what cckdcdsk level 3
// looks at: headers, tables inside the file and not overlapping, every track image
// decodes, its home address names its own track, records end with the end marker).
import { statSync } from 'node:fs';
import { CompressedCkdImage } from './cckd.ts';
import { CCKD_OPENED } from './headers.ts';
import { journalPath, readJournal } from './journal.ts';
import { existsSync } from 'node:fs';
import { openCkdImage, detectImageKind, openFbaImage } from './open.ts';
import { parseTrack } from './track.ts';

export interface CheckReport {
  file: string;
  format: string;
  ok: boolean;
  tracksChecked: number;
  problems: string[];
  notes: string[];
}

export function checkImage(path: string, fbaType = '3370'): CheckReport {
  const kind = detectImageKind(path);
  const report: CheckReport = { file: path, format: kind, ok: true, tracksChecked: 0, problems: [], notes: [] };
  const problem = (p: string) => {
    report.ok = false;
    if (report.problems.length < 100) report.problems.push(p);
  };
  if (existsSync(journalPath(path))) {
    report.notes.push(readJournal(path) ? 'a write journal from an unclean close is present; the next read-write open replays it' : 'a stale write journal is present (its record was cut short and will be ignored)');
  }
  if (kind === 'fba' || kind === 'cfba') {
    const img = openFbaImage(path, fbaType, { readOnly: true });
    report.tracksChecked = 0;
    report.notes.push(`${img.blocks} blocks of 512 bytes`);
    img.close();
    return report;
  }
  const img = openCkdImage(path, { readOnly: true });
  try {
    if (img instanceof CompressedCkdImage) {
      const { compressed } = img.headerInfo();
      const s = img.spaceSummary();
      const fileSize = statSync(path).size;
      if (compressed.options & CCKD_OPENED) report.notes.push('the file was not closed cleanly; free space will be rebuilt from the tables on the next read-write open');
      else {
        const trailing = Math.max(0, fileSize - s.size);
        if (compressed.size !== fileSize) problem(`header file size ${compressed.size} differs from the actual ${fileSize}`);
        if (compressed.freeTotal !== s.freeTotal + trailing) problem(`header free space ${compressed.freeTotal} differs from the gaps found (${s.freeTotal + trailing})`);
        if (compressed.used !== fileSize - s.freeTotal - trailing) problem(`header used space ${compressed.used} differs from the space in use (${fileSize - s.freeTotal - trailing})`);
      }
    }
    const tracks = img.cylinders * img.heads;
    for (let t = 0; t < tracks; t++) {
      let image: Uint8Array;
      try {
        image = img.readTrack(t);
      } catch (e) {
        problem(`track ${t}: ${(e as Error).message}`);
        continue;
      }
      report.tracksChecked++;
      const parsed = parseTrack(image);
      if ('error' in parsed) {
        problem(`track ${t} (cyl ${Math.floor(t / img.heads)} head ${t % img.heads}): ${parsed.error}`);
        continue;
      }
      const cyl = (image[1]! << 8) | image[2]!;
      const head = (image[3]! << 8) | image[4]!;
      if (cyl * img.heads + head !== t) problem(`track ${t}: home address says cyl ${cyl} head ${head}`);
    }
  } finally {
    img.close();
  }
  return report;
}
