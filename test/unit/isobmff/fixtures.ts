import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMedia } from '../../support/generateMedia.ts';

const video = ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=2'];
const audio = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2'];

/** An fMP4 source split in files: the init segment and the media segments in order. */
export interface Fmp4Source {
  file: string;
  init: Uint8Array;
  segments: Uint8Array[];
}

function read(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** H.264 as HLS fMP4 (EXT-X-MAP init.mp4 + two 1 s segments), made by ffmpeg's HLS muxer. */
export function h264HlsSource(): Fmp4Source {
  const dir = generateMedia([
    ...video, '-c:v', 'libx264', '-g', '25', '-pix_fmt', 'yuv420p',
    '-f', 'hls', '-hls_time', '1', '-hls_segment_type', 'fmp4', '-hls_playlist_type', 'vod', 'index.m3u8',
  ]);
  const segments = readdirSync(dir).filter((f) => f.endsWith('.m4s')).sort((a, b) => parseInt(a.slice(5)) - parseInt(b.slice(5)));
  return { file: join(dir, 'index.m3u8'), init: read(join(dir, 'init.mp4')), segments: segments.map((f) => read(join(dir, f))) };
}

/** A fragmented MP4 file (movflags empty_moov + default_base_moof) split into its header and the rest. */
function fragmentedFile(args: string[]): Fmp4Source {
  const dir = generateMedia([...args, '-movflags', '+frag_keyframe+empty_moov+default_base_moof', 'out.mp4']);
  const bytes = read(join(dir, 'out.mp4'));
  const moofAt = Buffer.from(bytes).indexOf('moof') - 4;
  return { file: join(dir, 'out.mp4'), init: bytes.subarray(0, moofAt), segments: [bytes.subarray(moofAt)] };
}

/** AAC LC stereo at 48 kHz, fragmented every ~0.5 s. */
export function aacSource(): Fmp4Source {
  return fragmentedFile([...audio, '-ac', '2', '-c:a', 'aac', '-b:a', '96k', '-frag_duration', '500000']);
}

/** H.265 in `hvc1`, GOP of 25 frames. */
export function hevcSource(): Fmp4Source {
  return fragmentedFile([...video, '-c:v', 'libx265', '-x265-params', 'log-level=error:keyint=25:min-keyint=25', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p']);
}

/** A raw H.264 Annex B stream with a 4:3 sample aspect ratio in the SPS VUI. */
export function h264AnnexBWithSar(): Uint8Array {
  const dir = generateMedia([...video, '-frames:v', '2', '-vf', 'setsar=4/3', '-c:v', 'libx264', '-f', 'h264', 'out.h264']);
  return read(join(dir, 'out.h264'));
}

/** A raw H.265 Annex B stream. */
export function h265AnnexB(): Uint8Array {
  const dir = generateMedia([...video, '-frames:v', '2', '-c:v', 'libx265', '-x265-params', 'log-level=error', '-f', 'hevc', 'out.hevc']);
  return read(join(dir, 'out.hevc'));
}

/** Writes `bytes` to a fresh temporary folder and returns the path. */
export function writeTemp(name: string, bytes: Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kinora-isobmff-')), name);
  writeFileSync(path, bytes);
  return path;
}

/** `ffprobe -count_frames` of the first stream of `kind`. */
export function probeStream(file: string, kind: 'v' | 'a'): Record<string, string | number> {
  const json = execFileSync(
    'ffprobe',
    ['-v', 'error', '-count_frames', '-select_streams', `${kind}:0`, '-show_entries', 'stream=nb_read_frames,codec_name,width,height,sample_rate,channels', '-of', 'json', file],
    { encoding: 'utf8' },
  );
  return JSON.parse(json).streams[0];
}

/** Decodes `file` completely; returns ffmpeg's error output (empty when clean). */
export function decodeErrors(file: string): string {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return `${r.stderr}${r.status === 0 ? '' : `exit ${r.status}`}`;
}

/** MD5 of every decoded frame of the first stream of `kind` (ffmpeg framemd5), without timestamps. */
export function frameHashes(file: string, kind: 'v' | 'a'): string[] {
  const out = execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-i', file, '-map', `0:${kind}:0`, '-f', 'framemd5', '-'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').pop()!.trim());
}
