// The demo users' guest until CMS exists: a stand-alone S/370 program (BC mode) that
// greets on its console (009), then answers each line it reads, until QUIT, after which
// it stops in a disabled wait. CP saves it as the named system HELLO.
export const HELLO_SOURCE = `HELLO    CSECT
         BALR  12,0
         USING *,12
         MVC   120(8,0),IONEW     I/O new PSW: back to IORET
         LA    1,GREET
         BAL   14,DOIO
LOOP     LA    1,RCCW             read a line
         BAL   14,DOIO
         LH    3,70(0,0)          residual count from the CSW
         LA    2,80
         SR    2,3                length typed
         C     2,FOUR
         BNE   ANSWER
         MVC   WORK(4),BUF
         OC    WORK(4),UPPER      fold to upper case
         CLC   WORK(4),QUIT
         BE    BYE
ANSWER   LA    2,11(2)            prefix YOU TYPED:
         STH   2,ACCW+6
         LA    1,ACCW
         BAL   14,DOIO
         B     LOOP
BYE      LA    1,BCCW
         BAL   14,DOIO
         LPSW  STOP
DOIO     ST    1,72(0,0)          CAW
         SIO   9(0)
         LPSW  WAITPSW            wait for the interruption
IORET    BR    14
         DS    0D
WAITPSW  DC    X'8002000000000000'
IONEW    DC    X'00000000',A(IORET)
STOP     DC    X'0002000000000000'
GREET    DC    X'09',AL3(GTEXT),X'20',X'00',AL2(GTEXTL)
RCCW     DC    X'0A',AL3(BUF),X'20',X'00',AL2(80)
ACCW     DC    X'09',AL3(PREFIX),X'20',X'00',AL2(0)
BCCW     DC    X'09',AL3(BTEXT),X'20',X'00',AL2(L'BTEXT)
FOUR     DC    F'4'
UPPER    DC    X'40404040'
QUIT     DC    C'QUIT'
WORK     DS    CL4
GTEXT    DC    C'HELLO FROM A STAND-ALONE S/370 PROGRAM.'
         DC    C' TYPE A LINE, OR QUIT.'
GTEXTL   EQU   *-GTEXT
BTEXT    DC    C'GOODBYE.'
PREFIX   DC    C'YOU TYPED: '
BUF      DS    CL80
         END
`;
