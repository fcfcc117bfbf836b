// The one-byte sense both terminal devices keep (GA22-6889 3215, GA23-0059 3274 local).
import { US_CE_DE, US_UNIT_CHECK, type CcwRequest, type CcwResult } from '../../../cpu370/index.ts';

/** Unit check: `sense` is the only sense bit set, nothing is transferred. */
export function unitCheck(senseBytes: Uint8Array, sense: number, ccw: CcwRequest): CcwResult {
  senseBytes.fill(0);
  senseBytes[0] = sense;
  return { unitStatus: US_CE_DE | US_UNIT_CHECK, residual: ccw.count };
}

/** The Sense command: the sense byte goes to storage and is reset. */
export function senseCommand(senseBytes: Uint8Array, ccw: CcwRequest): CcwResult {
  ccw.data[0] = senseBytes[0]!;
  senseBytes.fill(0);
  return { unitStatus: US_CE_DE, residual: Math.max(0, ccw.count - 1) };
}
