import { evaluatesTo, failsWith } from './fake-scope.js';

describe('format', () => {
  describe('composite items, alignment and escapes', () => {
    evaluatesTo([
      ["format('{0}-{1}', 'kv', 'prod')", 'kv-prod'],
      ["format('{1}{0}{1}', 'a', 'b')", 'bab'],
      ["format('{{{0}}}', 'x')", '{x}'],
      ["format('{{0}}')", '{0}'],
      ["format('[{0,5}]', 'ab')", '[   ab]'],
      ["format('[{0,-5}]', 'ab')", '[ab   ]'],
      ["format('[{0,2}]', 'abcd')", '[abcd]'],
      ["format('[{0,6:N1}]', 1234)", '[1,234.0]'],
      ["format('{0} {1} {2}', true, null(), 3)", 'True  3'],
      ["format('{0}', createArray(1, 'a'))", '[1,"a"]'],
      ["format('{0:N2}', 'text')", 'text'],
      ["format('no items')", 'no items'],
    ]);
    failsWith([
      ["format('{1}', 'a')", /refers to argument 2 but only 1 value/],
      ["format('{0', 'a')", /unclosed "\{"/],
      ["format('a}b')", /a "\}" without "\{"/],
      ["format('{x}', 'a')", /the item "\{x\}"/],
      ["format('{0,1000000}', 'a')", /alignment 1000000, which must be below 1000000/],
      ["format('{0,-2147483648}', 'a')", /alignment -2147483648/],
    ]);
  });

  describe('standard numeric format specifiers', () => {
    evaluatesTo([
      ["format('{0:N}', 8175133)", '8,175,133.00'],
      ["format('{0:N0}', 8175133)", '8,175,133'],
      ["format('{0:N2}', 1234.5)", '1,234.50'],
      ["format('{0:N2}', -1234)", '-1,234.00'],
      ["format('{0:n1}', 999)", '999.0'],
      ["format('{0:D}', 42)", '42'],
      ["format('{0:D5}', 42)", '00042'],
      ["format('{0:D3}', -7)", '-007'],
      ["format('{0:X}', 255)", 'FF'],
      ["format('{0:x}', 255)", 'ff'],
      ["format('{0:X4}', 255)", '00FF'],
      ["format('{0:X}', -1)", 'FFFFFFFFFFFFFFFF'],
      ["format('{0:P}', 1)", '100.00 %'],
      ["format('{0:P0}', 25)", '2,500 %'],
      ["format('{0:F}', 3)", '3.00'],
      ["format('{0:F2}', 2)", '2.00'],
      ["format('{0:F0}', -4)", '-4'],
      ["format('{0:E}', 1052)", '1.052000E+003'],
      ["format('{0:e2}', 1052)", '1.05e+003'],
      ["format('{0:C}', 1234)", '¤1,234.00'],
      ["format('{0:C0}', -5)", '(¤5)'],
      ["format('{0:G}', 12345)", '12345'],
      ["format('{0:G2}', 12345)", '1.2E+04'],
      ["format('{0:R}', 17)", '17'],
    ]);
    failsWith([
      ["format('{0:D}', json('1.5'))", /only applies to integers/],
      ["format('{0:Q}', 1)", /not a valid .NET numeric format/],
    ]);
  });

  describe('custom numeric format strings', () => {
    evaluatesTo([
      ["format('{0:0000}', 7)", '0007'],
      ["format('{0:0000}', 12345)", '12345'],
      ["format('{0:000}', -7)", '-007'],
      ["format('vm{0:00}', 3)", 'vm03'],
      ["format('{0:#,##0}', 1234567)", '1,234,567'],
      ["format('{0:0.00}', 3)", '3.00'],
      [`format('{0:0.${'0'.repeat(120)}}', 1)`, `1.${'0'.repeat(120)}`],
      ["format('{0:0.##}', json('3.14159'))", '3.14'],
      ["format('{0:#.#}', 3)", '3'],
      ["format('{0:###-####}', 5551234)", '555-1234'],
      ["format('{0:(###) ###-####}', 8005551234)", '(800) 555-1234'],
      ["format('{0:#}', 0)", ''],
      ["format('{0:0%}', json('0.25'))", '25%'],
      ["format('{0:''#''0}', 5)", '#5'],
      ["format('{0:0;(0)}', -5)", '(5)'],
      ["format('{0:0;(0);zero}', 0)", 'zero'],
    ]);
  });
});
