// The end-to-end stand-alone program (GNU as, S/370): reads every card after the IPL deck
// from the reader at X'00C', prints each on the printer at X'00E' (write, space 1 line)
// after a heading (write, space 2 lines), punches a copy on the punch at X'00D', and at
// end of file (unit exception) skips the printer to channel 1 and loads a disabled-wait
// PSW whose address is the number of cards copied. Any unexpected status ends in a
// disabled wait with address X'EEEEEE'. I/O is done disabled, with SIO and a TIO loop.

export const LISTING_ORIGIN = 0x2000;

export const LISTING_SOURCE = `
start:  balr  %r12,0
base:   sr    %r6,%r6
        la    %r1,hdccw-base(%r12)
        la    %r2,0x00e
        bal   %r14,doio-base(%r12)
        bal   %r14,expect-base(%r12)
next:   la    %r1,rdccw-base(%r12)
        la    %r2,0x00c
        bal   %r14,doio-base(%r12)
        la    %r5,0x0d
        cr    %r3,%r5
        bc    8,eof-base(%r12)
        bal   %r14,expect-base(%r12)
        la    %r1,prccw-base(%r12)
        la    %r2,0x00e
        bal   %r14,doio-base(%r12)
        bal   %r14,expect-base(%r12)
        la    %r1,pnccw-base(%r12)
        la    %r2,0x00d
        bal   %r14,doio-base(%r12)
        bal   %r14,expect-base(%r12)
        la    %r6,1(%r6)
        bc    15,next-base(%r12)
eof:    la    %r1,skccw-base(%r12)
        la    %r2,0x00e
        bal   %r14,doio-base(%r12)
        st    %r6,okpsw+4-base(%r12)
        lpsw  okpsw-base(%r12)
# R3 must be X'0C' (channel end, device end) and R4 zero.
expect: la    %r5,0x0c
        cr    %r3,%r5
        bc    7,fail-base(%r12)
        ltr   %r4,%r4
        bc    7,fail-base(%r12)
        bcr   15,%r14
fail:   lpsw  badpsw-base(%r12)
# Start the CCW at R1 on device R2 and wait for its status: R3 = unit status, R4 = channel status.
doio:   st    %r1,0x48(%r0)
        .insn s,0x9c000000,0(%r2)
        bc    4,got-base(%r12)
        bc    8,poll-base(%r12)
        bc    15,fail-base(%r12)
poll:   .insn s,0x9d000000,0(%r2)
        bc    4,got-base(%r12)
        bc    10,poll-base(%r12)
        bc    15,fail-base(%r12)
got:    sr    %r3,%r3
        ic    %r3,0x44(%r0)
        sr    %r4,%r4
        ic    %r4,0x45(%r0)
        bcr   15,%r14
        .balign 8
okpsw:  .long 0x00020000,0
badpsw: .long 0x00020000,0x00eeeeee
rdccw:  .byte 0x02
        .byte 0,(card-start+${'0x2000'})>>8,(card-start+${'0x2000'})&255
        .long 0x00000050
prccw:  .byte 0x09
        .byte 0,(card-start+${'0x2000'})>>8,(card-start+${'0x2000'})&255
        .long 0x00000050
pnccw:  .byte 0x01
        .byte 0,(card-start+${'0x2000'})>>8,(card-start+${'0x2000'})&255
        .long 0x00000050
hdccw:  .byte 0x11
        .byte 0,(head-start+${'0x2000'})>>8,(head-start+${'0x2000'})&255
        .long 0x00000014
skccw:  .long 0x8b000000,0x20000001
head:   .byte 0xd3,0xc9,0xe2,0xe3,0xc9,0xd5,0xc7,0x40,0xd6,0xc6,0x40,0xe3,0xc8,0xc5,0x40,0xc4,0xc5,0xc3,0xd2,0x40
card:   .fill 80,1,0
`;
