/**
 * Generates Kinora's test and demo media with ffmpeg, once, into
 * `.cache/fixtures/<version>/` (override the root with KINORA_FIXTURES_DIR).
 * Every fixture is an HLS package laid out and named the way MediaConvert
 * writes one (`name.m3u8`, `name_360p.m3u8`, `name_360p_00001.ts`, ...).
 *
 * A fixture is built in a temporary folder and renamed into place only when
 * ffmpeg succeeded, so an interrupted run never leaves a half-made fixture.
 * Bump FIXTURES_VERSION when a recipe changes.
 *
 * Run directly: `npm run fixtures [-- name ...]`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FIXTURES_VERSION = 'v1';

export const fixturesRoot = resolve(process.env.KINORA_FIXTURES_DIR ?? join(import.meta.dirname, '../.cache/fixtures'), FIXTURES_VERSION);

const x264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-sc_threshold', '0'];
const aac = ['-c:a', 'aac', '-b:a', '96k', '-ac', '2', '-ar', '48000'];

function sources(seconds: number, size: string, rate = 25): string[] {
  return [
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:beep_factor=4:sample_rate=48000:duration=${seconds}`,
  ];
}

function hls(segmentSeconds: number, type: 'mpegts' | 'fmp4'): string[] {
  return ['-f', 'hls', '-hls_time', String(segmentSeconds), '-hls_playlist_type', 'vod', '-hls_segment_type', type, '-hls_flags', 'independent_segments'];
}

/** name -> { playlist (multivariant, relative to the fixture folder), ffmpeg args run in that folder } */
export const fixtureRecipes = {
  /** 3-rendition H.264 ladder, AAC in a separate audio group, TS, 2 s segments, 30 s. */
  ladder: {
    playlist: 'ladder.m3u8',
    args: [
      ...sources(30, '640x360'),
      '-filter_complex', '[0:v]split=3[a][b][c];[a]scale=320:180[v1];[b]scale=480:270[v2];[c]null[v3]',
      '-map', '[v1]', '-map', '[v2]', '-map', '[v3]', '-map', '1:a',
      ...x264, '-g', '50', '-keyint_min', '50', '-b:v:0', '250k', '-b:v:1', '500k', '-b:v:2', '900k',
      ...aac, '-metadata:s:a:0', 'language=eng',
      ...hls(2, 'mpegts'),
      '-var_stream_map', 'v:0,agroup:aud,name:180p v:1,agroup:aud,name:270p v:2,agroup:aud,name:360p a:0,agroup:aud,name:audio,language:eng,default:yes',
      '-master_pl_name', 'ladder.m3u8', '-hls_segment_filename', 'ladder_%v_%05d.ts', 'ladder_%v.m3u8',
    ],
  },
  /** 2 renditions with audio muxed into the video TS, 6 s segments, 24 s. */
  muxed: {
    playlist: 'muxed.m3u8',
    args: [
      ...sources(24, '480x270'),
      '-filter_complex', '[0:v]split=2[a][b];[a]scale=320:180[v1];[b]null[v2]',
      '-map', '[v1]', '-map', '1:a', '-map', '[v2]', '-map', '1:a',
      ...x264, '-g', '50', '-keyint_min', '50', '-b:v:0', '250k', '-b:v:1', '500k',
      ...aac,
      ...hls(6, 'mpegts'),
      '-var_stream_map', 'v:0,a:0,name:180p v:1,a:1,name:270p',
      '-master_pl_name', 'muxed.m3u8', '-hls_segment_filename', 'muxed_%v_%05d.ts', 'muxed_%v.m3u8',
    ],
  },
  /** fMP4 (EXT-X-MAP) source: 2 renditions and an audio group, 2 s segments, 20 s. */
  fmp4: {
    playlist: 'fmp4.m3u8',
    args: [
      ...sources(20, '480x270'),
      '-filter_complex', '[0:v]split=2[a][b];[a]scale=320:180[v1];[b]null[v2]',
      '-map', '[v1]', '-map', '[v2]', '-map', '1:a',
      ...x264, '-g', '50', '-keyint_min', '50', '-b:v:0', '250k', '-b:v:1', '500k',
      ...aac, '-metadata:s:a:0', 'language=eng',
      ...hls(2, 'fmp4'),
      '-var_stream_map', 'v:0,agroup:aud,name:180p v:1,agroup:aud,name:270p a:0,agroup:aud,name:audio,language:eng,default:yes',
      '-master_pl_name', 'fmp4.m3u8', '-hls_fmp4_init_filename', 'fmp4_%v_init.mp4', '-hls_segment_filename', 'fmp4_%v_%05d.m4s', 'fmp4_%v.m3u8',
    ],
  },
  /** One H.265 rendition with AAC in a separate group, TS, 2 s segments, 10 s. */
  hevc: {
    playlist: 'hevc.m3u8',
    args: [
      ...sources(10, '320x180'),
      '-map', '0:v', '-map', '1:a',
      '-c:v', 'libx265', '-preset', 'veryfast', '-x265-params', 'log-level=error:keyint=50:min-keyint=50:scenecut=0', '-b:v', '300k', '-tag:v', 'hvc1',
      ...aac,
      ...hls(2, 'mpegts'),
      '-var_stream_map', 'v:0,agroup:aud,name:180p a:0,agroup:aud,name:audio',
      '-master_pl_name', 'hevc.m3u8', '-hls_segment_filename', 'hevc_%v_%05d.ts', 'hevc_%v.m3u8',
    ],
  },
  /** 30 minutes, one small rendition + audio group, 6 s segments: memory and index-size checks. */
  long: {
    playlist: 'long.m3u8',
    args: [
      ...sources(1800, '192x108'),
      '-map', '0:v', '-map', '1:a',
      ...x264, '-preset', 'ultrafast', '-g', '150', '-keyint_min', '150', '-b:v', '120k',
      ...aac,
      ...hls(6, 'mpegts'),
      '-var_stream_map', 'v:0,agroup:aud,name:108p a:0,agroup:aud,name:audio',
      '-master_pl_name', 'long.m3u8', '-hls_segment_filename', 'long_%v_%05d.ts', 'long_%v.m3u8',
    ],
  },
} as const;

export type FixtureName = keyof typeof fixtureRecipes;

/** Returns the absolute path of the fixture's multivariant playlist, generating the fixture if needed. */
export async function ensureFixture(name: FixtureName): Promise<string> {
  const recipe = fixtureRecipes[name];
  const dir = join(fixturesRoot, name);
  if (!existsSync(dir)) {
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    mkdirSync(tmp, { recursive: true });
    try {
      await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...recipe.args], { cwd: tmp, maxBuffer: 16 << 20 });
      try {
        renameSync(tmp, dir);
      } catch (e) {
        if (!existsSync(dir)) throw e; // a concurrent process made the same fixture first
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return join(dir, recipe.playlist);
}

if (import.meta.main) {
  const names = (process.argv.length > 2 ? process.argv.slice(2) : Object.keys(fixtureRecipes)) as FixtureName[];
  for (const name of names) {
    const started = performance.now();
    const path = await ensureFixture(name);
    console.log(`${name}: ${path} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}
