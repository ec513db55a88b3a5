// Draws assets/demo-cards.svg: the demo customers' Cardu-style QR codes on one printable A4 page,
// so a newcomer with a real scanner can try the demo. Run: node scripts/make-demo-cards.mjs
import fs from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';

const cards = [
  ['CU-7H3K9P2A', 'Aino Virtanen', '3 benefits (single- and multi-use)'],
  ['CU-4M8Q1Z6T', 'Eero Korhonen', '2 benefits'],
  ['CU-9R2W5X8L', 'Maria Nieminen', '1 single-use voucher'],
  ['CU-3B6N0V4C', 'Lars Lindqvist', '1 benefit, 3 uses'],
  ['CU-8D1F7G3J', 'Helmi Mäkelä', 'no benefits'],
];
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const cell = async ([id, name, note], i) => {
  const x = 40 + (i % 2) * 380;
  const y = 110 + Math.floor(i / 2) * 330;
  const qr = QRCode.create(id, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const scale = Math.floor(220 / (size + 8));
  let rects = '';
  for (let r = 0; r < size; r += 1) for (let c = 0; c < size; c += 1) if (qr.modules.get(r, c)) rects += `<rect x="${(c + 4) * scale}" y="${(r + 4) * scale}" width="${scale}" height="${scale}"/>`;
  return `<g transform="translate(${x} ${y})"><rect width="340" height="300" rx="14" fill="#fff" stroke="#0b63ce" stroke-width="2"/>
  <g transform="translate(${(340 - (size + 8) * scale) / 2} 10)" fill="#000">${rects}</g>
  <text x="170" y="252" font-size="20" font-weight="700" text-anchor="middle">${escape(id)}</text>
  <text x="170" y="274" font-size="15" text-anchor="middle">${escape(name)}</text>
  <text x="170" y="292" font-size="12" fill="#5d6677" text-anchor="middle">${escape(note)}</text></g>`;
};
const body = (await Promise.all(cards.map(cell))).join('\n');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 800 1131" font-family="sans-serif">
<rect width="800" height="1131" fill="#f4f5f7"/>
<text x="40" y="60" font-size="28" font-weight="700">Till Companion — demo loyalty cards</text>
<text x="40" y="88" font-size="15" fill="#5d6677">Print, then scan with a QR-capable scanner while the demo runs (npm start, or npm run serve -- --demo).</text>
${body}
</svg>
`;
fs.writeFileSync(path.resolve(import.meta.dirname, '..', 'assets', 'demo-cards.svg'), svg);
process.stderr.write('assets/demo-cards.svg written\n');
