// Draws the app and tray icons as PNGs (no image tools needed): `node scripts/make-icons.mjs`.
// The outputs in assets/ are committed; rerun only when the design changes.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const out = path.resolve(import.meta.dirname, '..', 'assets');

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y += 1) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x += 1) {
      const [r, g, b, a] = pixel(x / size, y / size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const inRoundRect = (x, y, r) => {
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};

// App icon: blue rounded square, white frame with three bars (a scanned code).
const appIcon = (x, y) => {
  if (!inRoundRect(x, y, 0.2)) return [0, 0, 0, 0];
  const frame = x > 0.2 && x < 0.8 && y > 0.28 && y < 0.72 && !(x > 0.27 && x < 0.73 && y > 0.35 && y < 0.65);
  const bar = y > 0.4 && y < 0.6 && [0.34, 0.47, 0.6].some((bx) => x > bx && x < bx + 0.06);
  return frame || bar ? [255, 255, 255, 255] : [11, 99, 206, 255];
};
fs.writeFileSync(path.join(out, 'icon.png'), png(512, appIcon));

const colors = { ok: [20, 122, 61], warn: [230, 160, 0], error: [179, 38, 30], idle: [120, 128, 140] };
for (const [name, [r, g, b]] of Object.entries(colors)) {
  const dot = (x, y) => {
    const d = Math.hypot(x - 0.5, y - 0.5);
    if (d > 0.46) return [0, 0, 0, 0];
    if (d > 0.38) return [255, 255, 255, 255];
    return [r, g, b, 255];
  };
  fs.writeFileSync(path.join(out, `tray-${name}.png`), png(32, dot));
}
process.stderr.write(`icons written to ${out}\n`);
