         TITLE 'PAYROLL - END-TO-END TEST OF THE VM370 ASSEMBLER'
***********************************************************************
*                                                                     *
*  PAYROLL: A STAND-ALONE S/370 PROGRAM IN THE STYLE OF THE 1970S,    *
*  USED AS THE END-TO-END TEST OF THE VM370 ASSEMBLER, LINKING        *
*  LOADER AND CPU.                                                    *
*                                                                     *
*  IT WALKS A TABLE OF EMPLOYEE RECORDS (DSECT EMP), TOTALS THE       *
*  SALARIES, COUNTS A DEPARTMENT AND A FLAG, FINDS THE HIGHEST        *
*  SALARY, SORTS A COPY OF THE SALARIES IN A SEPARATE CONTROL         *
*  SECTION (SORTSUB, CALLED THROUGH A V-CONSTANT), EDITS THE TOTAL    *
*  WITH ED, TRANSLATES TEXT TO UPPER CASE WITH TR, DOES SOME          *
*  FLOATING-POINT AND FIXED-POINT ARITHMETIC, AND CHECKS EVERY        *
*  RESULT WITH THE CHECK MACROS.                                      *
*                                                                     *
*  IT ENDS WITH LPSW OF A DISABLED WAIT PSW:                          *
*     ADDRESS X'000000'  ALL CHECKS PASSED                            *
*     ADDRESS X'000BAD'  SOME CHECK FAILED (R9 = NUMBER OF FAILURES,  *
*                        FAILID = THE ID OF THE LAST ONE)             *
*                                                                     *
*  REGISTER USAGE IN THE MAIN ROUTINE:                                *
*     R3   EMPLOYEE RECORD (USING EMP,R3)                             *
*     R4   SALARY TOTAL                                               *
*     R5   DEPARTMENT 10 COUNT                                        *
*     R6   BXLE INCREMENT         R7  BXLE LIMIT                      *
*     R8   FLAGGED COUNT                                              *
*     R9   FAILURE COUNT                                              *
*     R10  FLAGGED SALARY TOTAL                                       *
*     R11  SECOND BASE REGISTER   R12 FIRST BASE REGISTER             *
*     R13  SAVE AREA                                                  *
*                                                                     *
***********************************************************************
         EJECT
***********************************************************************
*        LOCAL MACRO DEFINITIONS                                      *
***********************************************************************
         SPACE 1
*        EMPREC: ONE EMPLOYEE RECORD, LAID OUT AS DSECT EMP.
         MACRO
&LBL     EMPREC &NAME,&SALARY,&DEPT,&FLAG=00
&LBL     DC    CL8'&NAME',F'&SALARY',H'&DEPT',X'&FLAG',X'00'
         MEND
         SPACE 1
*        IDTAB: A 256-BYTE IDENTITY TRANSLATE TABLE, 4 BYTES A LINE.
         MACRO
&LBL     IDTAB
         LCLA  &I
&LBL     DS    0XL256
.LOOP    DC    AL1(&I,&I+1,&I+2,&I+3)
&I       SETA  &I+4
         AIF   (&I LT 256).LOOP
         MEND
         SPACE 1
*        MSGTAB: A TABLE OF LENGTH-PREFIXED MESSAGES, ONE PER OPERAND,
*        ENDED BY A ZERO BYTE. USES &SYSLIST AND THE K' ATTRIBUTE.
         MACRO
&LBL     MSGTAB
         LCLA  &I,&L
&I       SETA  1
&LBL     DS    0H
.NEXT    AIF   (&I GT N'&SYSLIST).END
&L       SETA  K'&SYSLIST(&I)-2
         DC    AL1(&L),C&SYSLIST(&I)
&I       SETA  &I+1
         AGO   .NEXT
.END     DC    AL1(0)
         MEND
         SPACE 1
*        COUNTER: A GLOBAL COUNT OF THE COUNTERS DEFINED SO FAR.
         MACRO
&LBL     COUNTER &INIT=0
         GBLA  &CTRS
&CTRS    SETA  &CTRS+1
&LBL     DC    F'&INIT'
         MEND
         EJECT
         REGS
         COPY  PAYEQU
         EJECT
***********************************************************************
*        MAIN ROUTINE                                                 *
***********************************************************************
PAYROLL  START X'2000'
         ENTRY PAYMAIN
         GBLA  &CTRS
*        THE CALLER OF PAYMAIN: IT SETS UP THE ROOT SAVE AREA, CALLS
*        THE MAIN ROUTINE AND GOES TO FINISH, WHICH LOADS A WAIT PSW.
         BALR  R15,0
         USING *,R15
         LA    R13,ROOTSAVE             SAVE AREA FOR ENTER
         SR    R9,R9                    NO FAILURES YET
         BAL   R14,PAYMAIN              RUN THE MAIN ROUTINE
         USING *,R14                    R14 = RETURN POINT
         DROP  R15
         L     R15,AFINISH
         BR    R15                      TO FINISH (IN PAYROLL, LATER)
AFINISH  DC    A(FINISH)
         DROP  R14
         SPACE 1
PAYMAIN  ENTER MAINSAVE,BASES=2
         SPACE 1
*        STEP 1: WALK THE EMPLOYEE TABLE WITH BXLE.
         SPACE 1
         SR    R4,R4                    SALARY TOTAL
         SR    R5,R5                    DEPARTMENT 10 COUNT
         SR    R8,R8                    FLAGGED COUNT
         SR    R10,R10                  FLAGGED SALARY TOTAL
         XC    MAXSAL,MAXSAL            HIGHEST SALARY SO FAR
         LA    R3,EMPTAB                FIRST RECORD
         USING EMP,R3
         LA    R6,EMPLEN                INCREMENT
         LA    R7,EMPTABE-1             LIMIT
WALK     A     R4,EMPSAL                ADD SALARY
         CLC   EMPDEPT,=AL2(DEPT10)     DEPARTMENT 10?
         BNE   WALK2                    NO
         LA    R5,1(,R5)                COUNT IT
WALK2    TM    EMPFLAG,EMPF80           FLAGGED?
         BZ    WALK3                    NO
         LA    R8,1(,R8)                COUNT IT
         A     R10,EMPSAL               AND ITS SALARY
WALK3    CLC   EMPSAL,MAXSAL            NEW HIGHEST?
         BNH   WALK4                    NO
         MVC   MAXSAL,EMPSAL            KEEP SALARY
         MVC   MAXNAME,EMPNAME          AND NAME
WALK4    BXLE  R3,R6,WALK               NEXT RECORD
         DROP  R3
         ST    R4,TOTAL
         CHECK R4,46800,ID=1
         CHECK R5,5,ID=2
         CHECK R8,5,ID=3
         CHECK R10,21200,ID=4
         L     R0,MAXSAL
         CHECK R0,6100,ID=5
         CHECKC MAXNAME,'HARRIS  ',ID=6
         EJECT
*        STEP 2: COPY THE SALARIES TO ARRAY AND SORT THEM WITH SORTSUB.
         SPACE 1
         LA    R3,EMPTAB
         USING EMP,R3
         LA    R2,ARRAY
         LA    R0,NEMP
         DO    COUNT=R0
           MVC   0(4,R2),EMPSAL
           LA    R2,4(,R2)
           LA    R3,EMPLEN(,R3)
         ENDDO
         DROP  R3
         LA    R1,SORTPARM              PARAMETER LIST
         L     R15,=V(SORTSUB)
         BALR  R14,R15
         CHECK R15,0,ID=7               RETURN CODE
         L     R0,ARRAY
         CHECK R0,2500,ID=8             SMALLEST FIRST
         L     R0,ARRAY+4*(NEMP-1)
         CHECK R0,6100,ID=9             LARGEST LAST
         EJECT
*        STEP 3: EDIT THE TOTAL WITH CVD, ZAP AND ED.
         SPACE 1
         L     R0,TOTAL
         CVD   R0,DWORK
         ZAP   PTOTAL,DWORK
         MVC   TOTALTXT,EDPAT
         ED    TOTALTXT,PTOTAL
         CHECKC TOTALTXT,'   46800',ID=10
         SPACE 1
*        STEP 4: UPPER-CASE A TEXT WITH TR AND A PATCHED TABLE.
         SPACE 1
         TR    TEXT,UPPERTAB
         CHECKC TEXT,'HELLO, S/370 WORLD',ID=11
         SPACE 1
*        STEP 5: AVERAGE SALARY (DIVIDE) AND A FLOATING-POINT SUM.
         SPACE 1
         L     R1,TOTAL
         SR    R0,R0
         D     R0,=A(NEMP)              R0 = REMAINDER, R1 = QUOTIENT
         ST    R1,AVERAGE
         CHECK R1,3900,ID=12
         CHECK R0,0,ID=13
         LD    F0,=D'1.5'
         AD    F0,=D'2.25'
         STD   F0,FPRESULT
         CLC   FPRESULT,=X'413C000000000000'
         IF    NE
           LA    R9,1(,R9)
           MVI   FAILID,14
         ENDIF
         SPACE 1
*        STEP 6: WALK THE MESSAGE TABLE, COUNTING MESSAGES AND BYTES.
         SPACE 1
         LA    R2,MSGS
         SR    R4,R4                    MESSAGES
         SR    R5,R5                    TEXT BYTES
         SR    R1,R1
         DO
           IC    R1,0(,R2)              LENGTH OF THIS MESSAGE
           LTR   R1,R1
           DOEXIT Z
           LA    R4,1(,R4)
           AR    R5,R1
           LA    R2,1(R1,R2)            NEXT MESSAGE
         ENDDO
         CHECK R4,3,ID=15
         CHECK R5,35,ID=16
         LA    R0,L'MSG1T+L'MSG2T+L'MSG3T
         CHECK R0,35,ID=20
         SPACE 1
*        STEP 7: PACKED DECIMAL ARITHMETIC.
         SPACE 1
         ZAP   PWORK,=P'125'
         AP    PWORK,=P'-25'
         MP    PWORK,=P'3'              (125-25)*3 = 300
         CP    PWORK,=P'300'
         IF    NE
           LA    R9,1(,R9)
           MVI   FAILID,17
         ENDIF
         SPACE 1
*        STEP 8: COUNTERS DEFINED BY A MACRO WITH A GLOBAL SET SYMBOL.
         SPACE 1
         L     R0,NCTRS
         CHECK R0,3,ID=18
         L     R0,CTR2
         CHECK R0,7,ID=19
         SPACE 1
*        STEP 9: SPLIT "SURNAME,NAME" WITH TRT AND AN EXECUTED MVC.
         SPACE 1
         SR    R2,R2                    TRT PUTS THE FUNCTION BYTE HERE
         TRT   TEXT2,DELIMS             FIND THE FIRST DELIMITER
         BZ    NODELIM                  NONE: FAIL
         LA    R0,TEXT2
         SR    R1,R0                    OFFSET OF THE DELIMITER
         CHECK R1,5,ID=21
         CHECK R2,1,ID=22               IT WAS THE COMMA
         MVC   SURNAME,=CL8' '
         BCTR  R1,0                     LENGTH CODE FOR EX
         EX    R1,MOVENAME              MVC SURNAME(R1+1),TEXT2
         CHECKC SURNAME,'SMITH   ',ID=23
         B     STEP10
NODELIM  LA    R9,1(,R9)
         MVI   FAILID,21
         SPACE 1
*        STEP 10: CLEAR A BUFFER WITH MVCL, COMPARE IT WITH CLCL.
         SPACE 1
STEP10   LA    R2,BUFFER
         LA    R3,L'BUFFER
         SR    R5,R5                    NO SOURCE BYTES ...
         ICM   R5,B'1000',=AL1(BLANK)   ... ONLY THE PAD CHARACTER
         LR    R4,R2
         MVCL  R2,R4
         LR    R0,R3                    R3 = 0 AFTER MVCL
         CHECK R0,0,ID=24
         LA    R2,BUFFER
         LA    R3,L'BUFFER
         SR    R5,R5
         ICM   R5,B'1000',=AL1(BLANK)
         CLCL  R2,R4
         IF    NE
           LA    R9,1(,R9)
           MVI   FAILID,25
         ENDIF
         CLI   BUFFER+L'BUFFER-1,BLANK  THE LAST BYTE TOO
         IF    NE
           LA    R9,1(,R9)
           MVI   FAILID,26
         ENDIF
         SPACE 1
*        STEP 11: CHARACTERS UNDER MASK.
         SPACE 1
         L     R2,=X'11223344'
         SR    R3,R3
         ICM   R3,B'0101',=X'AABB'      R3 = X'00AA00BB'
         CHECK R3,11141307,ID=27
         STCM  R2,B'1010',HALF2         X'1133'
         CLM   R2,B'1010',=X'1133'
         IF    NE
           LA    R9,1(,R9)
           MVI   FAILID,28
         ENDIF
         CLC   HALF2,=X'1133'
         IF    NE
           LA    R9,1(,R9)
           MVI   FAILID,29
         ENDIF
         SPACE 1
*        STEP 12: SHIFTS AND HALFWORD MULTIPLY.
         SPACE 1
         L     R4,=F'-7'
         SRDA  R4,32                    R4:R5 = -7 AS A DOUBLEWORD
         CHECK R4,-1,ID=30
         CHECK R5,-7,ID=31
         LA    R6,100
         MH    R6,=H'25'
         CHECK R6,2500,ID=32
         SLL   R6,2
         CHECK R6,10000,ID=33
         SPACE 1
*        STEP 13: TABLE LOOKUP IN THE LOOKUP SECTION.
         SPACE 1
         LA    R1,=CL4'D030'
         L     R15,=V(LOOKUP)
         BALR  R14,R15
         CHECK R15,30,ID=34
         LA    R1,=CL4'D999'
         L     R15,=V(LOOKUP)
         BALR  R14,R15
         CHECK R15,NOTFOUND,ID=35
         SPACE 1
*        DONE: KEEP THE FAILURE COUNT (LEAVE RESTORES R9), LEAVE
*        THROUGH THE SAVE-AREA CHAIN AND LET FINISH LOAD A WAIT PSW.
         SPACE 1
         ST    R9,FAILCNT
         LEAVE RC=0
         EJECT
***********************************************************************
*        CONSTANTS AND WORK AREAS OF THE MAIN ROUTINE                 *
***********************************************************************
ROOTSAVE DC    18F'0'                   SAVE AREA OF THE CALLER
MAINSAVE DC    18F'0'                   SAVE AREA OF PAYMAIN
         SPACE 1
*        A LARGE WORK AREA PUSHES THE DATA BELOW PAST 4K FROM THE
*        FIRST BASE, SO THAT THE SECOND BASE REGISTER IS USED.
BIGWORK  DS    1100F
         SPACE 1
TOTAL    DC    F'0'
AVERAGE  DC    F'0'
MAXSAL   DS    F
MAXNAME  DC    CL8' '
DWORK    DS    D
FPRESULT DS    D
PTOTAL   DS    PL4
PWORK    DC    PL3'0'
FAILID   DC    X'00'
EDPAT    DC    X'4020202021202020'
TOTALTXT DS    CL8
TEXT     DC    C'hello, s/370 world'
TEXT2    DC    C'SMITH,JOHN Q'
SURNAME  DS    CL8
HALF2    DS    H
MOVENAME MVC   SURNAME(0),TEXT2         EXECUTED BY EX IN STEP 9
BUFFER   DC    200X'FF'
         SPACE 1
*        TRT TABLE: NON-ZERO FOR COMMA (1) AND BLANK (2).
DELIMS   DC    256X'00'
         ORG   DELIMS+C','
         DC    X'01'
         ORG   DELIMS+BLANK
         DC    X'02'
         ORG
         SPACE 1
*        THE PARAMETER LIST FOR SORTSUB (SEE DSECT PARMS).
         DS    0F
SORTPARM DC    A(ARRAY)
         DC    A(NEMP)
         SPACE 1
ARRAY    DS    (NEMP)F
         SPACE 1
COUNTER1 COUNTER
CTR2     COUNTER INIT=7
COUNTER3 COUNTER INIT=-1
NCTRS    DC    F'&CTRS'
         EJECT
*        THE EMPLOYEE TABLE.
EMPTAB   DS    0F
         EMPREC ADAMS,3200,10,FLAG=80
         EMPREC BAKER,4100,20
         EMPREC CLARK,2800,10,FLAG=80
         EMPREC DAVIS,5300,30
         EMPREC EVANS,3900,10
         EMPREC FORD,4700,20,FLAG=80
         EMPREC GREEN,2500,30
         EMPREC HARRIS,6100,10,FLAG=80
         EMPREC IRWIN,3300,20
         EMPREC JONES,4400,30,FLAG=80
         EMPREC KING,3600,10
         EMPREC LEWIS,2900,20
EMPTABE  EQU   *
NEMP     EQU   (EMPTABE-EMPTAB)/EMPLEN  NUMBER OF RECORDS
         SPACE 1
*        MESSAGES.
MSGS     MSGTAB 'PAYROLL STARTED','TOTALS DONE','SORT DONE'
MSG1T    EQU   15,15
MSG2T    EQU   11,11
MSG3T    EQU   9,9
         SPACE 1
*        UPPER-CASE TRANSLATE TABLE: IDENTITY, THEN THE LOWER-CASE
*        LETTERS (IN THREE EBCDIC RANGES) OVERLAID WITH ORG.
UPPERTAB IDTAB
         ORG   UPPERTAB+C'a'
         DC    C'ABCDEFGHI'
         ORG   UPPERTAB+C'j'
         DC    C'JKLMNOPQR'
         ORG   UPPERTAB+C's'
         DC    C'STUVWXYZ'
         ORG
         SPACE 1
*        THE LITERAL POOL OF THE MAIN ROUTINE.
         LTORG
         EJECT
***********************************************************************
*        SORTSUB: SORTS A TABLE OF FULLWORDS INTO ASCENDING ORDER.    *
*        ON ENTRY R1 -> PARMS (A(TABLE), A(COUNT)); R15 = 0 ON RETURN.*
*        A PLAIN BUBBLE SORT, WRITTEN WITH THE STRUCTURED MACROS.     *
***********************************************************************
SORTSUB  CSECT
         STM   R14,R12,12(R13)
         LR    R10,R15
         USING SORTSUB,R10
         LR    R8,R1
         USING PARMS,R8
         L     R2,PTABLE                TABLE
         L     R3,PCOUNT                COUNT
         DROP  R8
         BCTR  R3,0                     PASSES = COUNT - 1
         LTR   R3,R3
         BNP   SORTEND
         DO
           SR    R6,R6                  NO SWAP IN THIS PASS YET
           LR    R4,R2                  FIRST ELEMENT
           LR    R5,R3                  COMPARISONS IN THIS PASS
           DO    COUNT=R5
             L     R0,0(,R4)
             L     R1,4(,R4)
             CR    R0,R1
             IF    GT
               ST    R1,0(,R4)
               ST    R0,4(,R4)
               LA    R6,1
             ENDIF
             LA    R4,4(,R4)
           ENDDO
           LTR   R6,R6
           DOEXIT Z                     NOTHING SWAPPED: SORTED
         ENDDO
SORTEND  LM    R14,R12,12(R13)
         SR    R15,R15
         BR    R14
         LTORG
         EJECT
***********************************************************************
*        LOOKUP: FINDS A 4-CHARACTER KEY IN THE DEPARTMENT TABLE.     *
*        ON ENTRY R1 -> KEY; ON RETURN R15 = VALUE OR NOTFOUND.       *
***********************************************************************
LOOKUP   CSECT
         USING LOOKUP,R15
         STM   R2,R7,LKSAVE
         LA    R2,DEPTTAB
         USING TABENT,R2
         LA    R4,TABENTL               BXLE INCREMENT
         LA    R5,DEPTTABE-1            BXLE LIMIT
LKLOOP   CLC   TABKEY,0(R1)
         BE    LKFOUND
         BXLE  R2,R4,LKLOOP
         LM    R2,R7,LKSAVE
         L     R15,=A(NOTFOUND)
         BR    R14
LKFOUND  L     R0,TABVAL
         LM    R2,R7,LKSAVE
         LR    R15,R0
         BR    R14
         DROP  R2,R15
LKSAVE   DS    6F
DEPTTAB  DC    CL4'D010',F'10'
         DC    CL4'D020',F'20'
         DC    CL4'D030',F'30'
         DC    CL4'D040',F'40'
DEPTTABE EQU   *
         LTORG
         EJECT
***********************************************************************
*        THE FINAL PSWS, BACK IN THE MAIN SECTION                     *
***********************************************************************
PAYROLL  CSECT
*        FINISH: ENTERED WITH BR FROM THE CALLER ONCE PAYMAIN RETURNS.
FINISH   BALR  R2,0
         USING *,R2
         ICM   R9,B'1111',FAILCNT       ANY FAILURE?
         BNZ   FAILED                   YES
         LPSW  WAITOK                   NO: WAIT WITH ADDRESS 0
FAILED   LPSW  WAITBAD
         DROP  R2
FAILCNT  DC    F'0'                     FAILURES, STORED BY PAYMAIN
         DS    0D
WAITOK   DC    X'0002000000000000'
WAITBAD  DC    X'0002000000000BAD'
         EJECT
***********************************************************************
*        DSECTS                                                       *
***********************************************************************
*        ONE EMPLOYEE RECORD.
EMP      DSECT
EMPNAME  DS    CL8                      NAME
EMPSAL   DS    F                        MONTHLY SALARY
EMPDEPT  DS    H                        DEPARTMENT
EMPFLAG  DS    X                        FLAGS
EMPF80   EQU   X'80'                      SPECIAL
         DS    X                        RESERVED
EMPLEN   EQU   *-EMP                    RECORD LENGTH
         SPACE 1
*        THE PARAMETER LIST OF SORTSUB.
PARMS    DSECT
PTABLE   DS    A                        A(TABLE OF FULLWORDS)
PCOUNT   DS    F                        NUMBER OF ENTRIES
         SPACE 1
*        ONE ENTRY OF THE DEPARTMENT TABLE.
TABENT   DSECT
TABKEY   DS    CL4                      KEY
TABVAL   DS    F                        VALUE
TABENTL  EQU   *-TABENT
         SPACE 1
*        THE OS SAVE AREA.
SAVEAREA DSECT
SAVEPLI  DS    F
SAVEHSA  DS    A                        HIGHER SAVE AREA
SAVELSA  DS    A                        LOWER SAVE AREA
SAVER14  DS    F
SAVER15  DS    F
SAVER0   DS    F
         END   PAYROLL
