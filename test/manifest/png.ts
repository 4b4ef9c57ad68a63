/**
 * A small, independent PNG reader for the icon tests: checks the signature and every chunk's CRC (with zlib.crc32,
 * not the generator's own CRC code), reads IHDR, inflates the IDAT stream and undoes the five PNG row filters.
 * Supports what Teams icons use: 8-bit greyscale, RGB, grey+alpha and RGBA, not interlaced.
 */
import { crc32, inflateSync } from 'node:zlib';

export interface PngChunk {
  type: string;
  data: Buffer;
}

export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  chunks: PngChunk[];
  /** Always RGBA, 4 bytes per pixel (alpha 255 for colour types without alpha). */
  rgba: Uint8Array;
}

const SIGNATURE = '89504e470d0a1a0a';
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function readChunks(png: Buffer): PngChunk[] {
  if (png.subarray(0, 8).toString('hex') !== SIGNATURE) throw new Error('bad PNG signature');
  const chunks: PngChunk[] = [];
  let at = 8;
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    const crc = png.readUInt32BE(at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== crc) throw new Error(`bad CRC in ${type} chunk`);
    chunks.push({ type, data });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR') throw new Error('IHDR is not the first chunk');
  if (chunks[chunks.length - 1]?.type !== 'IEND') throw new Error('no IEND chunk');
  if (at !== png.length) throw new Error('bytes after IEND');
  return chunks;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(png: Buffer): DecodedPng {
  const chunks = readChunks(png);
  const ihdr = (chunks[0] as PngChunk).data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const bitDepth = ihdr[8] as number;
  const colorType = ihdr[9] as number;
  const interlace = ihdr[12] as number;
  const channels = CHANNELS[colorType];
  if (bitDepth !== 8 || channels === undefined || interlace !== 0) {
    throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}`);
  }
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * channels;
  if (raw.length !== (stride + 1) * height) {
    throw new Error(`IDAT holds ${raw.length} bytes, expected ${(stride + 1) * height}`);
  }

  const samples = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x] as number;
      const a = x >= channels ? (samples[y * stride + x - channels] as number) : 0;
      const b = y > 0 ? (samples[(y - 1) * stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (samples[(y - 1) * stride + x - channels] as number) : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`bad filter type ${filter} on row ${y}`);
      samples[y * stride + x] = (v + predictor) & 0xff;
    }
  }

  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = samples.subarray(i * channels, (i + 1) * channels);
    const grey = channels <= 2;
    const [r, g, b] = grey ? [s[0], s[0], s[0]] : [s[0], s[1], s[2]];
    const alpha = channels === 2 ? s[1] : channels === 4 ? s[3] : 255;
    rgba.set([r as number, g as number, b as number, alpha as number], i * 4);
  }
  return { width, height, bitDepth, colorType, interlace, chunks, rgba };
}
