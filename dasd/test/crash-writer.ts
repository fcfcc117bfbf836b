// Child process of the crash test: opens an image and rewrites tracks until killed. After
// each writeTrack returns it prints "ack <seq>" (the channel would now present channel end
// and device end); the parent kills it at a random moment.
import { writeSync } from 'node:fs';
import { openCkdImage } from '../src/image/open.ts';
import { crashTrackFor, crashTrackImage } from './crash-content.ts';

const [path, startSeq, shadow] = process.argv.slice(2);
const img = openCkdImage(path!, shadow ? { shadow } : {});
writeSync(1, 'ready\n');
const tracks = img.cylinders * img.heads;
for (let seq = Number(startSeq); ; seq++) {
  const t = crashTrackFor(seq, tracks);
  img.writeTrack(t, crashTrackImage(t, img.heads, seq));
  writeSync(1, `ack ${seq}\n`);
}
