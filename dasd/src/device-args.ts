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
    if (lower.startsWith('sf=')) out.shadow = a.slice(3);
    else if (lower === 'ro' || lower === 'readonly') out.readOnly = true;
    else if (lower === 'rw') out.readOnly = false;
    else out.ignored.push(a);
  }
  return out;
}
