// The words after the device type on a Hercules device line or a devinit command:
// `FILE [sf=SHADOW] [ro|readonly|rw] [other options, reported as ignored]`.
export interface DasdArgs {
  file: string;
  shadow?: string;
  readOnly: boolean;
  ignored: string[];
}

export function parseDasdArgs(type: string, args: readonly string[]): DasdArgs {
  const [file, ...rest] = args;
  if (!file) throw new Error(`${type} needs an image file name`);
  const out: DasdArgs = { file, readOnly: false, ignored: [] };
  for (const a of rest) {
    const lower = a.toLowerCase();
    if (lower.startsWith('sf=')) out.shadow = firstShadowName(a.slice(3));
    else if (lower === 'ro' || lower === 'readonly') out.readOnly = true;
    else if (lower === 'rw') out.readOnly = false;
    else out.ignored.push(a);
  }
  return out;
}

/**
 * Hercules numbers shadow files: the character before the first dot of the file name
 * (often a '*') is replaced by the shadow number, 1 for the first. We keep one level.
 */
export function firstShadowName(sf: string): string {
  const slash = sf.lastIndexOf('/');
  const dot = sf.indexOf('.', slash + 2);
  const at = (dot < 0 ? sf.length : dot) - 1;
  return sf.slice(0, at) + '1' + sf.slice(at + 1);
}
