// vm370 dasd init|info|ls|check|copy|convert: DASD image files, with the argument order
// of Hercules' dasdinit and dasdcopy.
import type { Command } from 'commander';
import {
  checkImage, ckdVolumeLabel, copyCkdVolume, createCkdVolume, createFbaVolume, findCkdGeometry, findFbaGeometry, imageInfo, listVtoc, openCkdImage,
  detectImageKind, CKD_GEOMETRIES, FBA_GEOMETRIES, type ImageInfo,
} from '../../dasd/index.ts';

/** A progress bar on standard error, only when it is a terminal and the job is large. */
function progressBar(label: string, large: boolean): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY || !large) return undefined;
  let lastShown = -1;
  return (done, total) => {
    const pct = Math.floor((done * 100) / total);
    if (pct === lastShown && done !== total) return;
    lastShown = pct;
    const width = 30;
    const filled = Math.round((pct * width) / 100);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${done}/${total}`);
    if (done === total) process.stderr.write('\n');
  };
}

function fail(message: string): never {
  throw new Error(message);
}

function parseCount(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) fail(`${what} must be a decimal number, not '${text}'`);
  return Number(text);
}

function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

function infoLines(i: ImageInfo): string[] {
  const lines = [`${i.file}: ${i.type} (${i.devtype}) ${i.format === 'ckd' ? 'CKD' : i.format === 'cckd' ? 'compressed CKD (CCKD)' : i.format.toUpperCase()}`];
  if (i.cylinders !== undefined) lines.push(`  geometry: ${i.cylinders} cylinders, ${i.heads} heads, ${i.trackSize} bytes per track image`);
  if (i.blocks !== undefined) lines.push(`  geometry: ${i.blocks} blocks of ${i.blockSize} bytes`);
  lines.push(`  volume: ${i.label.kind === 'none' ? '(no label)' : `${i.label.kind} ${i.label.volser}`}${i.label.owner ? ` owner ${i.label.owner}` : ''}`);
  if (i.files.length > 1) lines.push(`  files: ${i.files.join(' ')}`);
  lines.push(`  size on host: ${i.bytes} bytes`);
  const c = i.compressed;
  if (c) {
    lines.push(`  compression: ${c.compression} (CCKD ${c.version}); ${c.storedTracks} of ${c.totalTracks} tracks stored`);
    lines.push(`  space: ${c.used} bytes used, ${c.free} free in ${c.freeSpaces} gaps${c.closedCleanly ? '' : '; not closed cleanly'}`);
  }
  return lines;
}

export function register(program: Command): void {
  const dasd = program.command('dasd').description('create, inspect, check and copy DASD image files (Hercules CKD, CCKD and FBA formats)');

  dasd
    .command('init')
    .description(`create a volume, like Hercules' dasdinit (CKD: ${CKD_GEOMETRIES.map((g) => g.name).join(' ')}; FBA: ${FBA_GEOMETRIES.map((g) => g.name).join(' ')})`)
    .argument('<file>', 'image file to create')
    .argument('<type>', 'device type, e.g. 3350 or 3370')
    .argument('<volser>', 'volume serial, 1 to 6 characters')
    .argument('[size]', 'cylinders (CKD) or blocks (FBA); default: the full device')
    .option('-z', 'compressed (CCKD, zlib)')
    .option('-a', 'without a size: include the alternate cylinders (as dasdinit -a)')
    .option('--json', 'print what was created as JSON')
    .action((file: string, type: string, volser: string, size: string | undefined, opts: { z?: boolean; a?: boolean; json?: boolean }) => {
      const count = parseCount(size, 'size');
      const ckd = findCkdGeometry(type);
      const fba = findFbaGeometry(type);
      if (!ckd && !fba) fail(`unknown device type ${type} (CKD: ${CKD_GEOMETRIES.map((g) => g.name).join(' ')}; FBA: ${FBA_GEOMETRIES.map((g) => g.name).join(' ')})`);
      if (fba && opts.z) fail('compressed FBA (CFBA) images are not supported; leave out -z');
      const large = ckd ? !opts.z && (count ?? ckd.cylinders) >= 100 : (count ?? fba!.blocks) >= 100000;
      const progress = progressBar(`creating ${file}`, large);
      const files = ckd ? createCkdVolume(file, type, volser, count, { compressed: opts.z, alternates: opts.a, progress }) : createFbaVolume(file, type, volser, count, { progress });
      const info = imageInfo(files[0]!, type);
      if (opts.json) printJson({ created: files, ...info });
      else process.stdout.write(`created ${files.join(' ')}: ${info.type} ${info.cylinders !== undefined ? `${info.cylinders} cylinders` : `${info.blocks} blocks`}, volume ${info.label.volser}${opts.z ? ', compressed' : ''}\n`);
    });

  dasd
    .command('info')
    .description('type, geometry, format, volume serial and space use of an image')
    .argument('<file>')
    .option('--type <type>', 'device type of an FBA image (FBA images carry none)', '3370')
    .option('--json', 'JSON output')
    .action((file: string, opts: { type: string; json?: boolean }) => {
      const info = imageInfo(file, opts.type);
      if (opts.json) printJson(info);
      else process.stdout.write(infoLines(info).join('\n') + '\n');
    });

  dasd
    .command('ls')
    .description('the volume label and, on OS volumes, the data sets in the VTOC')
    .argument('<file>')
    .option('--type <type>', 'device type of an FBA image', '3370')
    .option('--json', 'JSON output')
    .action((file: string, opts: { type: string; json?: boolean }) => {
      const kind = detectImageKind(file);
      if (kind === 'fba' || kind === 'cfba') {
        const info = imageInfo(file, opts.type);
        if (opts.json) printJson({ label: info.label });
        else process.stdout.write(`${file}: ${info.label.kind === 'none' ? 'no volume label' : `${info.label.kind} ${info.label.volser}`}\n`);
        return;
      }
      const img = openCkdImage(file, { readOnly: true });
      try {
        const label = ckdVolumeLabel(img);
        const datasets = listVtoc(img, label);
        if (opts.json) {
          printJson({ label, datasets: datasets ?? null });
          return;
        }
        const out: string[] = [];
        if (label.kind === 'VOL1') {
          out.push(`${file}: VOL1 ${label.volser}${label.owner ? ` owner ${label.owner}` : ''}, VTOC at cyl ${label.vtoc!.cyl} head ${label.vtoc!.head} record ${label.vtoc!.record}`);
          if (datasets === undefined) out.push('  no VTOC (no Format-4 DSCB where the label points)');
          else if (datasets.length === 0) out.push('  VTOC is empty');
          else for (const d of datasets) out.push(`  ${d.name.padEnd(44)} ${d.extents.map((e) => `${e.from.cyl}/${e.from.head}-${e.to.cyl}/${e.to.head}`).join(' ')}`);
        } else if (label.kind === 'CMS1') {
          out.push(`${file}: CMS minidisk ${label.volser} (the CMS file directory is not listed yet)`);
        } else out.push(`${file}: no volume label`);
        process.stdout.write(out.join('\n') + '\n');
      } finally {
        img.close();
      }
    });

  dasd
    .command('check')
    .description('structural check of an image (like cckdcdsk, read-only); exit code 1 when problems are found')
    .argument('<file>')
    .option('--type <type>', 'device type of an FBA image', '3370')
    .option('--json', 'JSON output')
    .action((file: string, opts: { type: string; json?: boolean }) => {
      const r = checkImage(file, opts.type);
      if (opts.json) printJson(r);
      else {
        const lines = [`${file}: ${r.format}, ${r.tracksChecked} tracks checked, ${r.ok ? 'no problems found' : `${r.problems.length} problem(s)`}`];
        for (const p of r.problems) lines.push(`  problem: ${p}`);
        for (const n of r.notes) lines.push(`  note: ${n}`);
        process.stdout.write(lines.join('\n') + '\n');
      }
      if (!r.ok) process.exitCode = 1;
    });

  for (const name of ['copy', 'convert']) {
    dasd
      .command(name)
      .description(name === 'copy' ? 'copy a CKD volume to a new file (-z: compressed)' : 'same as copy: convert between CKD and CCKD (-z: to compressed)')
      .argument('<in>')
      .argument('<out>')
      .option('-z', 'write compressed CCKD')
      .option('--json', 'print the new image as JSON')
      .action((input: string, output: string, opts: { z?: boolean; json?: boolean }) => {
        const kind = detectImageKind(input);
        if (kind === 'fba' || kind === 'cfba') fail(`${input} is an FBA image; copy it with cp`);
        const src = imageInfo(input);
        const files = copyCkdVolume(input, output, { compressed: !!opts.z, progress: progressBar(`copying to ${output}`, (src.cylinders ?? 0) >= 100) });
        const info = imageInfo(files[0]!);
        if (opts.json) printJson({ created: files, ...info });
        else process.stdout.write(`copied ${input} to ${files.join(' ')} (${info.format === 'cckd' ? 'compressed' : 'uncompressed'}, ${info.bytes} bytes)\n`);
      });
  }
}
