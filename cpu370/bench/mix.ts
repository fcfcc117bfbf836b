// The benchmark program: a loop of the common general instructions (issue 2 item 9),
// as a core image that both `vm370 bench` and Hercules run. Hand-assembled here (listed
// below) so that the benchmark needs no assembler.
//
//   000800  5840 0C00        L     4,ITER            iterations
//   000804  5850 0C04        L     5,DATA            X'1000'
//   000808  1B33             SR    3,3
//   00080A  1B66             SR    6,6
//   00080C  4170 0064        LA    7,100
//   000810  LOOP
//   000810  5820 5000        L     2,0(,5)
//   000814  1A32             AR    3,2
//   000816  5030 5004        ST    3,4(,5)
//   00081A  1883             LR    8,3
//   00081C  5A80 5008        A     8,8(,5)
//   000820  4160 6001        LA    6,1(,6)
//   000824  1967             CR    6,7
//   000826  4740 082C        BC    4,SKIP            (every 100th time round: SR)
//   00082A  1B66             SR    6,6
//   00082C  SKIP
//   00082C  5960 500C        C     6,12(,5)
//   000830  D207 5010 5000   MVC   16(8,5),0(5)
//   000836  D507 5010 5000   CLC   16(8,5),0(5)
//   00083C  5480 5018        N     8,24(,5)
//   000840  5680 501C        O     8,28(,5)
//   000844  5780 5020        X     8,32(,5)
//   000848  8980 0003        SLL   8,3
//   00084C  8880 0002        SRL   8,2
//   000850  4390 5024        IC    9,36(,5)
//   000854  4290 5025        STC   9,37(,5)
//   000858  48A0 5026        LH    10,38(,5)
//   00085C  40A0 5028        STH   10,40(,5)
//   000860  4640 0810        BCT   4,LOOP
//   000864  8200 0C08        LPSW  DONE              disabled wait X'00020000 00000BEE'
//
// 21 instructions per iteration (22 every 100th), 5 set-up, 1 LPSW.

export const BENCH_ORIGIN = 0x800;
export const BENCH_DONE_IA = 0xbee;

const CODE = [
  '58400C00', '58500C04', '1B33', '1B66', '41700064',
  '58205000', '1A32', '50305004', '1883', '5A805008', '41606001', '1967', '4740082C', '1B66',
  '5960500C', 'D20750105000', 'D50750105000', '54805018', '5680501C', '57805020', '89800003',
  '88800002', '43905024', '42905025', '48A05026', '40A05028', '46400810', '82000C08',
].join('');

function put32(m: Uint8Array, a: number, v: number): void {
  m[a] = v >>> 24;
  m[a + 1] = v >>> 16;
  m[a + 2] = v >>> 8;
  m[a + 3] = v;
}

/** Instructions the program executes for `iterations` times round the loop. */
export function benchInstructionCount(iterations: number): number {
  return 5 + 21 * iterations + Math.floor(iterations / 100) + 1;
}

/** The core image: PSW at 0 (BC mode, disabled, IA X'800'), trap new PSWs, code, data. */
export function benchImage(iterations: number): Uint8Array {
  const m = new Uint8Array(0x1100);
  put32(m, 0, 0);
  put32(m, 4, BENCH_ORIGIN);
  for (const a of [0x58, 0x60, 0x68, 0x70, 0x78]) {
    put32(m, a, 0x00020000);
    put32(m, a + 4, a);
  }
  for (let i = 0; i < CODE.length; i += 2) m[BENCH_ORIGIN + i / 2] = parseInt(CODE.slice(i, i + 2), 16);
  put32(m, 0xc00, iterations);
  put32(m, 0xc04, 0x1000);
  put32(m, 0xc08, 0x00020000);
  put32(m, 0xc0c, BENCH_DONE_IA);
  // Data at X'1000': operands for L, A, C, N, O, X, IC, LH.
  const data = [0x00000003, 0, 0x00000100, 0x00000050, 0x55aa55aa, 0xaa55aa55, 0x12345678, 0x0f0f0f0f, 0xc1c2c3c4, 0x8001ffff];
  data.forEach((v, i) => put32(m, 0x1000 + 4 * i, v));
  return m;
}
