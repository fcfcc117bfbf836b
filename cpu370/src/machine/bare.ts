// The bare machine of `vm370 ipl CONFIG`: a Machine built from a Hercules configuration.

import { Machine } from './machine.ts';
import { parseConfig, type MachineConfig } from './config.ts';
import { createDevice } from './device-registry.ts';

export interface BareMachine {
  machine: Machine;
  config: MachineConfig;
  /** Flushes and closes every device's host files. */
  close(): Promise<void>;
}

/** Builds the machine and its devices; `note` receives the ignored statements and options. Throws on configuration errors. */
export function buildMachine(configText: string, note: (line: string) => void): BareMachine {
  const config = parseConfig(configText);
  const machine = new Machine({ storageSize: config.mainsize, numCpu: config.numcpu });
  machine.loadparm = config.loadparm.toUpperCase().padEnd(8, ' ').slice(0, 8);
  for (const line of config.ignored) note(`ignored: ${line}`);
  try {
    for (const d of config.devices) {
      for (const devnum of d.devnums) {
        try {
          machine.attach(createDevice({ devnum, type: d.type, args: d.args, note }));
        } catch (e) {
          throw new Error(`line ${d.line}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  } catch (e) {
    for (const dev of machine.channels.devices()) void dev.close?.();
    throw e;
  }
  const close = async () => {
    machine.close();
    for (const dev of machine.channels.devices()) await dev.close?.();
  };
  return { machine, config, close };
}
