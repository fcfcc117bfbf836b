// s3270 (x3270-script(1)) as terminal's tests drive it, with the screen helpers the CP
// tests use: read the screen, wait for it, type a line and press Enter.
import { S3270 as Script3270 } from '../../../terminal/test/helpers/s3270.ts';

export { HAVE_S3270 } from '../../../terminal/test/helpers/s3270.ts';

export class S3270 extends Script3270 {
  async screen(): Promise<string[]> {
    return (await this.run('Ascii()')).data;
  }

  /** Polls the screen until `pred` holds. */
  async waitFor(pred: (rows: string[]) => boolean, timeoutMs = 5000): Promise<string[]> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.screen();
      if (pred(rows)) return rows;
      if (Date.now() > end) throw new Error(`screen never matched:\n${rows.join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async enter(text: string): Promise<void> {
    if (text) await this.run(`String(${JSON.stringify(text)})`);
    await this.run('Enter()');
  }
}

export const status = (rows: string[]): string => (rows[rows.length - 1] ?? '').slice(60).trimEnd();
export const has = (rows: string[], text: string): boolean => rows.some((r) => r.includes(text));
