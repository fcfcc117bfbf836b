// Finding external programs (Hercules, GNU as) for tests and scripts that compare against them.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Full path of an executable on PATH, or undefined. */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A test-name suffix that says why a test is skipped (empty when it runs). */
export function skipNote(reason: string | undefined): string {
  return reason ? ` [skipped: ${reason}]` : '';
}
