/**
 * Draws the Teams app icons with nothing but Node: a tiny rasteriser (4x4 supersampling), zlib for deflate, and a
 * hand-written PNG chunk and CRC-32 writer.
 *
 *   color.png   192x192, truecolour (no alpha): a white shield with a check mark on a solid accent background.
 *   outline.png  32x32, RGBA: the same glyph as a white outline on a transparent background; every pixel is
 *                pure white (255,255,255) and only its alpha varies (anti-aliased edges), as Teams requires.
 *
 * Run `npx tsx scripts/make-icons.ts` to rewrite manifest/teams/color.png and outline.png. The output is a pure
 * function of the parameters below; test/manifest checks the committed files decode to the same pixels.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

/** Must equal `accentColor` in manifest/teams/manifest.json (a test checks it). */
export const ACCENT_COLOR = '#0F6CBD';
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

const SUPERSAMPLE = 4;

export type PngColorType = 2 | 6; // 2 = truecolour RGB, 6 = truecolour with alpha (RGBA)

export interface RasterImage {
  width: number;
  height: number;
  colorType: PngColorType;
  /** Row-major samples, 8 bits each: 3 per pixel for colour type 2, 4 for colour type 6. */
  pixels: Uint8Array;
}

// ---------------------------------------------------------------------------------------------------------------
// PNG writer
// ---------------------------------------------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309 / ITU-T V.42, the one PNG uses) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC over type + data. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  if (!/^[A-Za-z]{4}$/.test(type)) throw new Error(`bad PNG chunk type ${type}`);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export function channelsOf(colorType: PngColorType): 3 | 4 {
  return colorType === 6 ? 4 : 3;
}

/** Encodes an 8-bit RGB or RGBA image as a PNG (no interlace, filter type 0 on every row). */
export function encodePng(image: RasterImage): Buffer {
  const { width, height, colorType, pixels } = image;
  const channels = channelsOf(colorType);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`bad image size ${width}x${height}`);
  }
  if (pixels.length !== width * height * channels) {
    throw new Error(`expected ${width * height * channels} samples, got ${pixels.length}`);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colorType;
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace

  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }

  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]);
}

// ---------------------------------------------------------------------------------------------------------------
// Geometry (normalised coordinates: x, y in [0, 1], y grows downwards)
// ---------------------------------------------------------------------------------------------------------------

interface ShieldShape {
  cx: number;
  halfWidth: number;
  /** y of the top edge at the centre; the shoulders sit `dome` lower. */
  top: number;
  dome: number;
  /** Where the straight sides end and the curve to the point starts. */
  waist: number;
  /** y of the point at the bottom. */
  bottom: number;
}

const SHIELD: ShieldShape = { cx: 0.5, halfWidth: 0.3, top: 0.17, dome: 0.06, waist: 0.47, bottom: 0.85 };

function insideShield(x: number, y: number, s: ShieldShape): boolean {
  const dx = Math.abs(x - s.cx);
  if (dx > s.halfWidth) return false;
  const r = dx / s.halfWidth;
  if (y < s.top + s.dome * r * r || y > s.bottom) return false;
  if (y <= s.waist) return true;
  const t = (y - s.waist) / (s.bottom - s.waist);
  return dx <= s.halfWidth * (1 - t * t);
}

/** The same shield shrunk inwards by roughly `inset` (used to cut the outline's hole). */
function insetShield(s: ShieldShape, inset: number): ShieldShape {
  return {
    cx: s.cx,
    halfWidth: s.halfWidth - inset,
    top: s.top + inset,
    dome: s.dome,
    waist: s.waist,
    bottom: s.bottom - inset * 1.9, // the point is sharp, so step it up further to keep the stroke even
  };
}

type Point = readonly [number, number];

const CHECK_MARK: readonly Point[] = [
  [0.375, 0.49],
  [0.465, 0.58],
  [0.635, 0.4],
];

function distanceToSegment(px: number, py: number, a: Point, b: Point): number {
  const [ax, ay] = a;
  const [bx, by] = b;
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
}

function onPolyline(x: number, y: number, points: readonly Point[], halfWidth: number): boolean {
  for (let i = 0; i + 1 < points.length; i++) {
    if (distanceToSegment(x, y, points[i] as Point, points[i + 1] as Point) <= halfWidth) return true;
  }
  return false;
}

/** Fraction (0..1) of the pixel's SUPERSAMPLE x SUPERSAMPLE sub-samples for which `inside` holds. */
function coverage(px: number, py: number, size: number, inside: (x: number, y: number) => boolean): number {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      if (inside((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size)) hits++;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

export function parseHexColor(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #RRGGBB colour: ${hex}`);
  return [parseInt(m[1] as string, 16), parseInt(m[2] as string, 16), parseInt(m[3] as string, 16)];
}

const mix = (from: number, to: number, amount: number): number => Math.round(from + (to - from) * amount);

// ---------------------------------------------------------------------------------------------------------------
// The two icons
// ---------------------------------------------------------------------------------------------------------------

/** 192x192 full colour: white shield, accent-coloured check mark, solid accent background (no transparency). */
export function renderColorIcon(size = COLOR_ICON_SIZE, accent = ACCENT_COLOR): RasterImage {
  const bg = parseHexColor(accent);
  const pixels = new Uint8Array(size * size * 3);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const shield = coverage(px, py, size, (x, y) => insideShield(x, y, SHIELD));
      const check = coverage(px, py, size, (x, y) => onPolyline(x, y, CHECK_MARK, 0.036));
      const o = (py * size + px) * 3;
      for (let c = 0; c < 3; c++) {
        const onShield = mix(bg[c] as number, 255, shield);
        pixels[o + c] = mix(onShield, bg[c] as number, check);
      }
    }
  }
  return { width: size, height: size, colorType: 2, pixels };
}

/** 32x32 outline: a white shield outline and check mark on a fully transparent background. */
export function renderOutlineIcon(size = OUTLINE_ICON_SIZE): RasterImage {
  const stroke = 2.1 / size;
  const inner = insetShield(SHIELD, stroke);
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const alpha = coverage(px, py, size, (x, y) => (insideShield(x, y, SHIELD) && !insideShield(x, y, inner)) || onPolyline(x, y, CHECK_MARK, 1.05 / size));
      const o = (py * size + px) * 4;
      pixels[o] = 255;
      pixels[o + 1] = 255;
      pixels[o + 2] = 255;
      pixels[o + 3] = Math.round(alpha * 255);
    }
  }
  return { width: size, height: size, colorType: 6, pixels };
}

export const ICONS_DIR = resolve(__dirname, '..', 'manifest', 'teams');

/** Writes color.png and outline.png into `dir` and returns their paths. */
export function writeIcons(dir = ICONS_DIR): { color: string; outline: string } {
  mkdirSync(dir, { recursive: true });
  const color = join(dir, 'color.png');
  const outline = join(dir, 'outline.png');
  writeFileSync(color, encodePng(renderColorIcon()));
  writeFileSync(outline, encodePng(renderOutlineIcon()));
  return { color, outline };
}

if (require.main === module) {
  const written = writeIcons();
  console.log(`wrote ${written.color} (${COLOR_ICON_SIZE}x${COLOR_ICON_SIZE})`);
  console.log(`wrote ${written.outline} (${OUTLINE_ICON_SIZE}x${OUTLINE_ICON_SIZE})`);
}
