import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { ACCENT_COLOR, channelsOf, crc32, encodePng, parseHexColor, renderColorIcon, renderOutlineIcon, type RasterImage } from '../../scripts/make-icons';
import { MANIFEST_DIR, readManifestTemplate, readPngSize } from '../../scripts/package-teams';
import { decodePng } from './png';

const colorPng = readFileSync(join(MANIFEST_DIR, 'color.png'));
const outlinePng = readFileSync(join(MANIFEST_DIR, 'outline.png'));

/** Rendered pixels as RGBA, for comparison with the decoder's output. */
function toRgba(image: RasterImage): Uint8Array {
  const channels = channelsOf(image.colorType);
  const out = new Uint8Array(image.width * image.height * 4);
  for (let i = 0; i < image.width * image.height; i++) {
    out.set(image.pixels.subarray(i * channels, i * channels + 3), i * 4);
    out[i * 4 + 3] = channels === 4 ? (image.pixels[i * channels + 3] as number) : 255;
  }
  return out;
}

describe('PNG writer', () => {
  it('its hand-written CRC-32 agrees with zlib.crc32', () => {
    for (const text of ['', 'IEND', 'The quick brown fox', '\u0000\u00ff'.repeat(100)]) {
      const bytes = Buffer.from(text, 'latin1');
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    }
  });

  it('round-trips an image through an independent decoder', () => {
    const pixels = new Uint8Array(5 * 3 * 4).map((_, i) => (i * 37) & 0xff);
    const png = decodePng(encodePng({ width: 5, height: 3, colorType: 6, pixels }));
    expect([png.width, png.height, png.colorType, png.bitDepth]).toEqual([5, 3, 6, 8]);
    expect(Buffer.from(png.rgba)).toEqual(Buffer.from(pixels));
  });

  it('rejects a pixel buffer of the wrong size', () => {
    expect(() => encodePng({ width: 2, height: 2, colorType: 2, pixels: new Uint8Array(11) })).toThrow(/expected 12/);
  });
});

describe('color.png', () => {
  const png = decodePng(colorPng);

  it('is exactly 192x192 (IHDR), 8-bit truecolour, with valid chunks', () => {
    expect(readPngSize(colorPng)).toMatchObject({ width: 192, height: 192 });
    expect([png.width, png.height, png.bitDepth, png.colorType, png.interlace]).toEqual([192, 192, 8, 2, 0]);
    expect(png.chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('is full colour on a solid background of the manifest accent colour, with a white glyph', () => {
    expect(readManifestTemplate().accentColor.toUpperCase()).toBe(ACCENT_COLOR.toUpperCase());
    const [r, g, b] = parseHexColor(ACCENT_COLOR);
    const at = (x: number, y: number) => Array.from(png.rgba.subarray((y * 192 + x) * 4, (y * 192 + x) * 4 + 4));
    for (const [x, y] of [
      [0, 0],
      [191, 0],
      [0, 191],
      [191, 191],
      [96, 4],
      [4, 96],
    ] as const) {
      expect(at(x, y)).toEqual([r, g, b, 255]);
    }
    const colours = new Set<string>();
    let white = 0;
    let notOpaque = 0;
    for (let i = 0; i < 192 * 192; i++) {
      const px = png.rgba.subarray(i * 4, i * 4 + 4);
      colours.add(px.join(','));
      if (px[0] === 255 && px[1] === 255 && px[2] === 255) white++;
      if (px[3] !== 255) notOpaque++;
    }
    expect(notOpaque).toBe(0);
    expect(colours.size).toBeGreaterThan(2); // anti-aliased, not a flat two-tone
    expect(white / (192 * 192)).toBeGreaterThan(0.2); // a glyph of real size
  });

  it('decodes to exactly what scripts/make-icons.ts draws (the committed file is current)', () => {
    expect(Buffer.from(png.rgba).equals(Buffer.from(toRgba(renderColorIcon())))).toBe(true);
  });
});

describe('outline.png', () => {
  const png = decodePng(outlinePng);

  it('is exactly 32x32 (IHDR), 8-bit RGBA (colour type 6: has an alpha channel)', () => {
    expect(readPngSize(outlinePng)).toMatchObject({ width: 32, height: 32, colorType: 6 });
    expect([png.width, png.height, png.bitDepth, png.colorType, png.interlace]).toEqual([32, 32, 8, 6, 0]);
  });

  it('has only white or fully transparent pixels, a transparent background and an opaque glyph', () => {
    let transparent = 0;
    let opaque = 0;
    const tinted: string[] = [];
    for (let i = 0; i < 32 * 32; i++) {
      const [r, g, b, a] = png.rgba.subarray(i * 4, i * 4 + 4);
      if (a === 0) transparent++;
      else if (r !== 255 || g !== 255 || b !== 255) tinted.push(`(${i % 32},${Math.floor(i / 32)})`);
      if (a === 255) opaque++;
    }
    expect(tinted).toEqual([]);
    for (const i of [0, 31, 32 * 31, 32 * 32 - 1]) expect(png.rgba[i * 4 + 3]).toBe(0); // corners
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
    expect(opaque).toBeGreaterThan(60);
  });

  it('decodes to exactly what scripts/make-icons.ts draws (the committed file is current)', () => {
    expect(Buffer.from(png.rgba).equals(Buffer.from(toRgba(renderOutlineIcon())))).toBe(true);
  });
});

describe('readPngSize', () => {
  it('refuses bytes that are not a PNG', () => {
    expect(() => readPngSize(Buffer.from('GIF89a not a png at all, really not one'))).toThrow('not a PNG');
  });
});
