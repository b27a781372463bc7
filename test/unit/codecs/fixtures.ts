import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMedia, syntheticInput } from '../../support/generateMedia.ts';

// Fixtures are returned as plain Uint8Array copies: tests corrupt them with slice(), which aliases on a Buffer.

/** 2 s 320x180 25 fps H.264 High@3.0 (GOP 25) + 48 kHz stereo AAC LC in MPEG-TS. */
export function avcAacTs(): Uint8Array {
  const dir = generateMedia([...syntheticInput(2), '-c:v', 'libx264', '-profile:v', 'high', '-level', '3.0', '-g', '25', '-c:a', 'aac', '-b:a', '64k', '-ac', '2', 'out.ts']);
  return new Uint8Array(readFileSync(join(dir, 'out.ts')));
}

/** 2 s 320x180 25 fps H.265 Main (GOP 25) + AAC in MPEG-TS. */
export function hevcAacTs(): Uint8Array {
  const dir = generateMedia([...syntheticInput(2), '-c:v', 'libx265', '-x265-params', 'log-level=error:keyint=25:min-keyint=25', '-c:a', 'aac', '-b:a', '64k', '-ac', '2', 'out.ts']);
  return new Uint8Array(readFileSync(join(dir, 'out.ts')));
}

/** The same pictures as MP4 with ffmpeg's own avcC / hvcC, to compare record writers against. */
export function mp4(codec: 'libx264' | 'libx265'): Uint8Array {
  const extra = codec === 'libx264' ? ['-profile:v', 'high', '-level', '3.0', '-g', '25'] : ['-x265-params', 'log-level=error:keyint=25:min-keyint=25', '-tag:v', 'hvc1'];
  const dir = generateMedia([...syntheticInput(2), '-an', '-c:v', codec, ...extra, 'out.mp4']);
  return new Uint8Array(readFileSync(join(dir, 'out.mp4')));
}

/** Finds a box payload by type anywhere in a file (good enough for small test files). */
export function findBoxPayload(file: Uint8Array, type: string): Uint8Array {
  const t = [...type].map((c) => c.charCodeAt(0));
  for (let i = 4; i + 4 <= file.byteLength; i++) {
    if (file[i] === t[0] && file[i + 1] === t[1] && file[i + 2] === t[2] && file[i + 3] === t[3]) {
      const size = new DataView(file.buffer, file.byteOffset).getUint32(i - 4);
      return file.subarray(i + 4, i - 4 + size);
    }
  }
  throw new Error(`no ${type} box`);
}
