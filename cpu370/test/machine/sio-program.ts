// Pieces shared by the end-to-end stand-alone test programs (S/370 assembler, built with
// our assembler) that do their I/O disabled, with SIO and a TIO loop.
import { assemble, link, type Machine } from '../../index.ts';

/**
 * DOIO: CAW from R1, SIO to the device in R2, TIO until the status is stored; returns the
 * CSW unit status in R3 and channel status in R4. EXPECT: anything but channel end + device
 * end with no channel status goes to FAIL, which loads BADPSW (the program defines it).
 */
export const SIO_SUBROUTINES = `EXPECT   LA    5,X'0C'
         CR    3,5
         BNE   FAIL
         LTR   4,4
         BNZ   FAIL
         BR    14
FAIL     LPSW  BADPSW
DOIO     ST    1,X'48'
         SIO   0(2)
         BC    4,GOT
         BC    8,POLL
         B     FAIL
POLL     TIO   0(2)
         BC    4,GOT
         BC    10,POLL
         B     FAIL
GOT      SR    3,3
         IC    3,X'44'
         SR    4,4
         IC    4,X'45'
         BR    14`;

/** Assembles `source` (errors throw, naming `file`) and links it at `origin`. */
export function assembleAt(source: string, file: string, origin: number): Uint8Array {
  const a = assemble(source, { file });
  if (a.returnCode !== 0) throw new Error(`${file}: return code ${a.returnCode}`);
  return link([a.module], { origin }).image;
}

/** The 24-byte IPL record of a tape: BC PSW at X'2000'; READ the next block (the program, `length` bytes) to X'2000' (SLI, no chaining). */
export function tapeIplRecord(length: number): Uint8Array {
  return Uint8Array.of(0, 0, 0, 0, 0, 0, 0x20, 0x00, 0x02, 0, 0x20, 0x00, 0x20, 0, length >> 8, length & 0xff, 0, 0, 0, 0, 0, 0, 0, 0);
}

/**
 * GETCC: the condition code in R3 (0-3), return on R10. TEST (the programs' own) uses it
 * after SIO and TIO.
 */
export const GETCC_SUBROUTINE = `GETCC    LA    3,0
         BCR   8,10
         LA    3,1
         BCR   4,10
         LA    3,2
         BCR   2,10
         LA    3,3
         BR    10`;

/** Resolves when a CPU of `machine` enters a disabled wait (replaces its event handlers). */
export function disabledWait(machine: Machine): Promise<void> {
  return new Promise<void>((resolve) => (machine.events = { disabledWait: () => resolve() }));
}
