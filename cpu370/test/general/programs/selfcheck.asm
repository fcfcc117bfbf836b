*        Self-checking general-instruction program. Ends in a disabled
*        wait with address X'600D' when every check passes, or X'0BAD'
*        with the number of the failing check in register 11.
SELF     CSECT
         BALR  12,0
         USING *,12
         MVC   104(8,0),PGMNEW     unexpected interruption: wait X'68'
*
*        1: sum of 1..100 with BXLE
         LA    11,1
         SR    2,2
         LA    4,1                 index
         LA    6,1                 increment
         LA    7,100               comparand
LOOP1    AR    2,4
         BXLE  4,6,LOOP1
         C     2,=F'5050'
         BNE   FAIL
*        2: MVC propagates a byte through an overlap of one
         LA    11,2
         MVI   BUF,C'*'
         MVC   BUF+1(15),BUF
         CLC   BUF(16),=16C'*'
         BNE   FAIL
*        3: TR with a table built at run time (lower to upper case)
         LA    11,3
         SR    3,3
TLOOP    STC   3,UPPER(3)
         LA    3,1(,3)
         C     3,=F'256'
         BL    TLOOP
         OC    UPPER+X'81'(9),=9X'40'
         OC    UPPER+X'91'(9),=9X'40'
         OC    UPPER+X'A2'(8),=8X'40'
         MVC   WORK(5),=C'hello'
         TR    WORK(5),UPPER
         CLC   WORK(5),=C'HELLO'
         BNE   FAIL
*        4: TRT finds the first comma
         LA    11,4
         XC    TABLE(256),TABLE
         MVI   TABLE+C',',4
         SR    1,1
         SR    2,2
         TRT   TEXT(12),TABLE
         BC    8,FAIL              CC 0: not found
         LA    3,TEXT+5
         CR    1,3
         BNE   FAIL
         C     2,=F'4'
         BNE   FAIL
*        5: MVCL with padding, then CLCL equal with the same pad
         LA    11,5
         LA    2,AREA
         LA    3,64
         LA    4,BUF
         L     5,=X'40000010'
         MVCL  2,4
         BNH   FAIL                CC 2: operand 1 longer
         LA    2,AREA
         LA    3,64
         LA    4,BUF
         L     5,=X'40000010'
         CLCL  2,4
         BNE   FAIL
         LTR   3,3
         BNZ   FAIL
         CLI   AREA+16,C' '
         BNE   FAIL
*        6: M and D on an even-odd pair
         LA    11,6
         L     3,=F'-123456'
         M     2,=F'1000'
         D     2,=F'7'
         C     3,=F'-17636571'
         BNE   FAIL
         C     2,=F'-3'
         BNE   FAIL
*        7: SRDA and SLDA
         LA    11,7
         L     4,=F'-1'
         L     5,=F'-8'
         SRDA  4,2
         C     5,=F'-2'
         BNE   FAIL
         SLDA  4,33
         BNM   FAIL
         C     4,=F'-4'
         BNE   FAIL
*        8: EX supplies the length of an MVC
         LA    11,8
         MVC   AREA(8),=8C'.'
         LA    1,3
         EX    1,EXMVC
         CLC   AREA(8),=C'ABCD....'
         BNE   FAIL
*        9: CS, equal then unequal
         LA    11,9
         L     2,WORD
         LA    3,5(,2)
         CS    2,3,WORD
         BNE   FAIL
         CS    2,3,WORD
         BE    FAIL
         C     2,WORD
         BNE   FAIL
*        10: BAL to a subroutine; ICM and STCM with masks
         LA    11,10
         BAL   14,SUB
         C     0,=F'42'
         BNE   FAIL
         ICM   5,B'1010',=X'8001'
         BNM   FAIL
         STCM  5,B'1010',HALF
         CLC   HALF,=X'8001'
         BNE   FAIL
*        11: a fixed-point divide exception is taken and resumed from
         LA    11,11
         MVC   104(8,0),RESUME
         SR    2,2
         LA    3,1
         SR    4,4
         DR    2,4
         B     FAIL
AFTERPC  MVC   104(8,0),PGMNEW
         CLC   42(2,0),=X'0009'
         BNE   FAIL
*        12: LM/STM round trip across the register wrap
         LA    11,12
         LA    1,77
         STM   14,1,SAVE
         SR    1,1
         LM    14,1,SAVE
         C     1,=F'77'
         BNE   FAIL
         CLC   SAVE+12(4),=F'77'
         BNE   FAIL
         LPSW  GOOD
FAIL     LPSW  BAD
SUB      LA    0,42
         BR    14
EXMVC    MVC   AREA(0),=C'ABCD'
         DS    0D
GOOD     DC    X'00020000',X'0000600D'
BAD      DC    X'00020000',X'00000BAD'
PGMNEW   DC    X'00020000',X'00000068'
RESUME   DC    X'00000000',A(AFTERPC)
WORD     DC    F'100'
HALF     DC    H'0'
TEXT     DC    C'ABCDE,FGHIJK'
SAVE     DS    4F
BUF      DS    CL16
WORK     DS    CL8
AREA     DS    CL64
TABLE    DS    CL256
UPPER    DS    CL256
         LTORG
         END   SELF
