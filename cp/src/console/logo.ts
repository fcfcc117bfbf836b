// The logo screen (R6 module DMKBOX writes one when a terminal is enabled and after
// LOGOFF/DISCONNECT); its first line is `VM/370 Online` (vm370-r6.md §4d). The block
// letters are this project's own.
export const LOGO_TITLE = 'VM/370 Online';

const BLOCK = [
  'VV     VV  MM     MM       //  333333   77777777   000000 ',
  'VV     VV  MMM   MMM      //        33        77  00    00',
  ' VV   VV   MM M M MM     //     33333        77   00    00',
  '  VV VV    MM  M  MM    //          33      77    00    00',
  '   VVV     MM     MM   //     333333       77      000000 ',
];

export function logoLines(rows: number): string[] {
  const lines = [LOGO_TITLE, '', '', '', '', '', ''];
  for (const b of BLOCK) lines.push(' '.repeat(11) + b);
  lines.push('', '', ' '.repeat(22) + 'VIRTUAL MACHINE FACILITY/370');
  while (lines.length < rows) lines.push('');
  return lines.slice(0, rows);
}
