// The end-to-end stand-alone program (S/370 assembler, built with our assembler): reads
// every card after the IPL deck from the reader at X'00C', prints each on the printer at
// X'00E' (write, space 1 line) after a heading (write, space 2 lines), punches a copy on
// the punch at X'00D', and at end of file (unit exception) skips the printer to channel 1
// and loads a disabled-wait PSW whose address is the number of cards copied. Any
// unexpected status ends in a disabled wait at X'EEEEEE'. I/O is done disabled, with SIO
// and a TIO loop, so it behaves the same whether a device ends at once or later.
import { assembleAt, SIO_SUBROUTINES } from './sio-program.ts';

export const LISTING_ORIGIN = 0x2000;

export const LISTING_SOURCE = `LISTING  CSECT
         BALR  12,0
         USING *,12
         SR    6,6
         LA    1,HDCCW
         LA    2,X'00E'
         BAL   14,DOIO
         BAL   14,EXPECT
NEXT     LA    1,RDCCW
         LA    2,X'00C'
         BAL   14,DOIO
         LA    5,X'0D'
         CR    3,5
         BE    EOF
         BAL   14,EXPECT
         LA    1,PRCCW
         LA    2,X'00E'
         BAL   14,DOIO
         BAL   14,EXPECT
         LA    1,PNCCW
         LA    2,X'00D'
         BAL   14,DOIO
         BAL   14,EXPECT
         LA    6,1(,6)
         B     NEXT
EOF      LA    1,SKCCW
         LA    2,X'00E'
         BAL   14,DOIO
         ST    6,OKPSW+4
         LPSW  OKPSW
${SIO_SUBROUTINES}
         DS    0D
OKPSW    DC    X'00020000',F'0'
BADPSW   DC    X'00020000',X'00EEEEEE'
RDCCW    CCW   X'02',CARD,0,80
PRCCW    CCW   X'09',CARD,0,80
PNCCW    CCW   X'01',CARD,0,80
HDCCW    CCW   X'11',HEAD,0,20
SKCCW    CCW   X'8B',0,X'20',1
HEAD     DC    CL20'LISTING OF THE DECK'
CARD     DC    CL80' '
         END   LISTING
`;

/** The program linked at LISTING_ORIGIN. */
export function listingImage(): Uint8Array {
  return assembleAt(LISTING_SOURCE, 'listing.asm', LISTING_ORIGIN);
}
