// Draws media/icon.png (128×128): three stacked isometric slabs, each smaller than the one below —
// layers, getting smaller. Plain node (zlib for the PNG's deflate), 4×4 supersampling for smooth edges.
// Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
const BACKGROUND = hex('#0f172a');

/** Shapes in paint order: [polygon or predicate, colour]. */
const shapes = [];

function roundedSquare(x0, y0, x1, y1, r) {
  return (x, y) => {
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
  };
}

function inPolygon(points) {
  return (x, y) => {
    let inside = false;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xi, yi] = points[i];
      const [xj, yj] = points[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
}

/** An isometric slab: top face, left and right side faces. */
function slab(cx, cy, w, thickness, top, left, right) {
  const h = w / 2;
  shapes.push([
    inPolygon([
      [cx - w, cy],
      [cx, cy + h],
      [cx, cy + h + thickness],
      [cx - w, cy + thickness],
    ]),
    hex(left),
  ]);
  shapes.push([
    inPolygon([
      [cx, cy + h],
      [cx + w, cy],
      [cx + w, cy + thickness],
      [cx, cy + h + thickness],
    ]),
    hex(right),
  ]);
  shapes.push([
    inPolygon([
      [cx, cy - h],
      [cx + w, cy],
      [cx, cy + h],
      [cx - w, cy],
    ]),
    hex(top),
  ]);
}

shapes.push([roundedSquare(0, 0, SIZE, SIZE, 26), BACKGROUND]);
slab(64, 80, 48, 11, '#1d4ed8', '#1e3a8a', '#172554');
slab(64, 60, 38, 11, '#3b82f6', '#1d4ed8', '#1e3a8a');
slab(64, 42, 27, 11, '#67e8f9', '#06b6d4', '#0e7490');

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = x + (sx + 0.5) / SAMPLES;
        const py = y + (sy + 0.5) / SAMPLES;
        let colour;
        for (const [hit, c] of shapes) if (hit(px, py)) colour = c;
        if (colour) {
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a++;
        }
      }
    }
    const o = (y * SIZE + x) * 4;
    // Colour averaged over the covered samples; coverage becomes alpha (transparent corners).
    if (a) {
      rgba[o] = Math.round(r / a);
      rgba[o + 1] = Math.round(g / a);
      rgba[o + 2] = Math.round(b / a);
    }
    rgba[o + 3] = Math.round((255 * a) / (SAMPLES * SAMPLES));
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const scanlines = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) rgba.copy(scanlines, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4); // filter 0
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(scanlines, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`wrote media/icon.png (${png.length} bytes)`);
