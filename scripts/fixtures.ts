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
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/** Subtitle cues of the `multi` fixture: one per 2 s, naming its language and index. */
const SUBTITLE_SECONDS = 12;
const SUBTITLE_SEGMENT_SECONDS = 4;

/**
 * Rewrites ffmpeg's `EXT-X-MEDIA` audio lines of `multi` the way a transcoder
 * labels them, and adds two WebVTT subtitle renditions. Cue times are in the
 * TS timeline: `X-TIMESTAMP-MAP` maps WebVTT 0 to MPEG-TS 126000 (ffmpeg's 1.4 s start).
 */
function describeMultiRenditions(dir: string): void {
  const audio: Record<string, string> = {
    'multi_en.m3u8': 'LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2"',
    'multi_fr.m3u8': 'LANGUAGE="fr",NAME="Français",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="2"',
    'multi_commentary.m3u8': 'LANGUAGE="en",NAME="English (commentary)",DEFAULT=NO,AUTOSELECT=NO,CHANNELS="2",CHARACTERISTICS="public.accessibility.describes-video"',
  };
  const lines = readFileSync(join(dir, 'multi.m3u8'), 'utf8').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const uri = /URI="([^"]+)"/.exec(line)?.[1];
    if (line.startsWith('#EXT-X-MEDIA:TYPE=AUDIO') && uri && audio[uri]) out.push(`#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_aud",${audio[uri]},URI="${uri}"`);
    else if (line.startsWith('#EXT-X-STREAM-INF')) out.push(`${line},SUBTITLES="subs"`);
    else out.push(line);
    if (line.startsWith('#EXT-X-VERSION')) {
      out.push('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,URI="multi_sub_en.m3u8"');
      out.push('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="fr",NAME="Français",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="multi_sub_fr.m3u8"');
    }
  }
  writeFileSync(join(dir, 'multi.m3u8'), out.join('\n'));
  const clock = (s: number) => `00:00:${String(Math.floor(s)).padStart(2, '0')}.${String(Math.round((s % 1) * 1000)).padStart(3, '0')}`;
  for (const language of ['en', 'fr']) {
    const playlist = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${SUBTITLE_SEGMENT_SECONDS}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD'];
    for (let n = 0; n * SUBTITLE_SEGMENT_SECONDS < SUBTITLE_SECONDS; n++) {
      const cues = ['WEBVTT', 'X-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000', ''];
      for (let t = n * SUBTITLE_SEGMENT_SECONDS; t < (n + 1) * SUBTITLE_SEGMENT_SECONDS; t += 2) {
        cues.push(`${language}-${t / 2}`, `${clock(t)} --> ${clock(t + 1.5)}`, `${language === 'en' ? 'Cue' : 'Réplique'} ${t / 2} <b>${language}</b>`, '');
      }
      const name = `multi_sub_${language}_${String(n).padStart(5, '0')}.vtt`;
      writeFileSync(join(dir, name), cues.join('\n'));
      playlist.push(`#EXTINF:${SUBTITLE_SEGMENT_SECONDS.toFixed(6)},`, name);
    }
    playlist.push('#EXT-X-ENDLIST', '');
    writeFileSync(join(dir, `multi_sub_${language}.m3u8`), playlist.join('\n'));
  }
}

/**
 * Labels the `dolby` fixture's audio renditions the way a transcoder does
 * (ffmpeg names them `audio_N`), with CHANNELS as the encoders made them.
 */
function describeDolbyRenditions(dir: string): void {
  const audio: Record<string, string> = {
    'dolby_aac.m3u8': 'LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2"',
    'dolby_ac3.m3u8': 'LANGUAGE="en",NAME="English (Dolby Digital)",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="2"',
    'dolby_eac3.m3u8': 'LANGUAGE="es",NAME="Español (Dolby Digital Plus)",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="6"',
  };
  const lines = readFileSync(join(dir, 'dolby.m3u8'), 'utf8').split('\n');
  const out = lines.map((line) => {
    const uri = /URI="([^"]+)"/.exec(line)?.[1];
    return line.startsWith('#EXT-X-MEDIA:TYPE=AUDIO') && uri && audio[uri] ? `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_aud",${audio[uri]},URI="${uri}"` : line;
  });
  writeFileSync(join(dir, 'dolby.m3u8'), out.join('\n'));
}

/** Rewrites the `heaac` audio init segment with an explicit HE-AAC AudioSpecificConfig (see the recipe). */
async function signalHeAac(dir: string): Promise<void> {
  const { readInitSegment } = await import('../src/media/isobmff/readInitSegment.ts');
  const { writeInitSegment } = await import('../src/media/isobmff/writeInitSegment.ts');
  const path = join(dir, 'heaac_audio_init.mp4');
  const [t] = readInitSegment(new Uint8Array(readFileSync(path))).tracks;
  // AOT 5 (SBR), sampling index 6 (24 kHz), 2 channels, extension index 3 (48 kHz), then AOT 2 (LC), GASpecificConfig 000.
  const audioSpecificConfig = Uint8Array.of(0x2b, 0x11, 0x88, 0x00);
  const track = { id: 'a1', kind: 'audio' as const, timescale: t.timescale, codecString: 'mp4a.40.5', config: { codec: 'aac' as const, audioSpecificConfig }, sampleRate: 48000, channels: 2, peakBitsPerSecond: 48000, averageBitsPerSecond: 48000 };
  writeFileSync(path, writeInitSegment(track, { trackId: t.trackId }));
}

/** One part of the `breaks` fixture (0, 2: programme; 1: the ad), as HLS with its own timestamps. */
function breakPart(part: number): string[] {
  const seconds = part === 1 ? 4 : 8;
  const picture = part === 1 ? `smptebars=size=320x180:rate=25:duration=${seconds}` : `testsrc2=size=320x180:rate=25:duration=${seconds}`;
  return [
    '-f', 'lavfi', '-i', picture,
    '-f', 'lavfi', '-i', `sine=frequency=${part === 1 ? 880 : 440}:sample_rate=48000:duration=${seconds}`,
    '-map', '0:v', '-map', '1:a',
    ...x264, '-g', '50', '-keyint_min', '50', '-b:v', '250k',
    ...aac,
    ...hls(2, 'mpegts'),
    '-var_stream_map', 'v:0,agroup:aud,name:180p a:0,agroup:aud,name:audio',
    '-master_pl_name', `part${part}.m3u8`, '-hls_segment_filename', `breaks${part}_%v_%05d.ts`, `breaks${part}_%v.m3u8`,
  ];
}

async function joinBreaks(dir: string): Promise<void> {
  for (const part of [1, 2]) await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...breakPart(part)], { cwd: dir, maxBuffer: 16 << 20 });
  for (const rendition of ['180p', 'audio']) {
    const out = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD'];
    for (const part of [0, 1, 2]) {
      const lines = readFileSync(join(dir, `breaks${part}_${rendition}.m3u8`), 'utf8').split('\n');
      if (part > 0) out.push('#EXT-X-DISCONTINUITY');
      if (part === 1) out.push('#EXT-X-CUE-OUT:DURATION=4');
      if (part === 2) out.push('#EXT-X-CUE-IN');
      for (let i = 0; i < lines.length; i++) if (lines[i].startsWith('#EXTINF')) out.push(lines[i], lines[i + 1]);
    }
    out.push('#EXT-X-ENDLIST', '');
    writeFileSync(join(dir, `breaks_${rendition}.m3u8`), out.join('\n'));
  }
  writeFileSync(
    join(dir, 'breaks.m3u8'),
    [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="audio",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,URI="breaks_audio.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x180,CODECS="avc1.64000d,mp4a.40.2",AUDIO="aud"',
      'breaks_180p.m3u8',
      '',
    ].join('\n'),
  );
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
  /**
   * Several audio languages and tracks per language, and WebVTT subtitles:
   * one H.264 rendition, audio English / French / English commentary
   * (names, CHANNELS and CHARACTERISTICS as a transcoder writes them), and
   * English and French subtitle renditions (written by `writeSubtitles`,
   * since ffmpeg's HLS muxer cannot make several subtitle languages). TS, 4 s segments, 12 s.
   */
  multi: {
    playlist: 'multi.m3u8',
    args: [
      ...sources(12, '320x180'),
      '-f', 'lavfi', '-i', 'sine=frequency=660:sample_rate=48000:duration=12',
      '-f', 'lavfi', '-i', 'sine=frequency=880:sample_rate=48000:duration=12',
      '-map', '0:v', '-map', '1:a', '-map', '2:a', '-map', '3:a',
      ...x264, '-g', '50', '-keyint_min', '50', '-b:v', '250k',
      ...aac,
      ...hls(4, 'mpegts'),
      '-var_stream_map', 'v:0,agroup:aud,name:180p a:0,agroup:aud,name:en a:1,agroup:aud,name:fr a:2,agroup:aud,name:commentary',
      '-master_pl_name', 'multi.m3u8', '-hls_segment_filename', 'multi_%v_%05d.ts', 'multi_%v.m3u8',
    ],
    post: describeMultiRenditions,
  },
  /**
   * An SSAI-stitched VOD: programme (8 s), an ad (4 s, other picture and tone),
   * programme again (8 s), each encoded on its own so timestamps restart, joined
   * with `EXT-X-DISCONTINUITY` and marked `EXT-X-CUE-OUT:DURATION=4` / `EXT-X-CUE-IN`
   * as packagers mark ad breaks. One 180p rendition + audio group, TS, 2 s segments.
   */
  breaks: {
    playlist: 'breaks.m3u8',
    args: breakPart(0),
    post: joinBreaks,
  },
  /**
   * HE-AAC signalled explicitly (ISO/IEC 14496-3 1.6.5.2 hierarchical signalling:
   * AOT 5, 24 kHz core, 48 kHz output): an fMP4 source whose audio is AAC-LC at
   * 24 kHz (Debian's ffmpeg has no HE-AAC encoder) with its AudioSpecificConfig
   * rewritten by `signalHeAac`, so the signalling path (codec strings, output
   * rate, AACH) is exercised end to end; decoders run the SBR tool on a stream
   * without SBR data, which is valid. One H.264 rendition, 2 s segments, 10 s.
   */
  heaac: {
    playlist: 'heaac.m3u8',
    args: [
      ...sources(10, '320x180'),
      '-map', '0:v', '-map', '1:a',
      ...x264, '-g', '50', '-keyint_min', '50', '-b:v', '250k',
      '-c:a', 'aac', '-b:a', '48k', '-ac', '2', '-ar', '24000',
      ...hls(2, 'fmp4'),
      '-var_stream_map', 'v:0,agroup:aud,name:180p a:0,agroup:aud,name:audio,language:en,default:yes',
      '-master_pl_name', 'heaac.m3u8', '-hls_fmp4_init_filename', 'heaac_%v_init.mp4', '-hls_segment_filename', 'heaac_%v_%05d.m4s', 'heaac_%v.m3u8',
    ],
    post: signalHeAac,
  },
  /**
   * Dolby audio beside AAC: one H.264 rendition and one audio group holding
   * AAC stereo, AC-3 stereo (192 kbit/s) and E-AC-3 5.1 (256 kbit/s, six
   * distinct tones) at 48 kHz, as ffmpeg's TS muxer writes them (stream_type
   * 0x81 / 0x87 with `AC-3` / `EAC3` registration descriptors), names and
   * languages set by `describeDolbyRenditions`. TS, 2 s segments, 10 s.
   */
  dolby: {
    playlist: 'dolby.m3u8',
    args: [
      ...sources(10, '320x180'),
      '-f', 'lavfi', '-i', 'aevalsrc=sin(2*PI*330*t)|sin(2*PI*440*t)|sin(2*PI*550*t)|0.5*sin(2*PI*60*t)|sin(2*PI*660*t)|sin(2*PI*770*t):s=48000:c=5.1:d=10',
      '-map', '0:v', '-map', '1:a', '-map', '1:a', '-map', '2:a',
      ...x264, '-g', '50', '-keyint_min', '50', '-b:v', '250k',
      '-c:a:0', 'aac', '-b:a:0', '96k', '-ac:a:0', '2', '-ar:a:0', '48000',
      '-c:a:1', 'ac3', '-b:a:1', '192k', '-ac:a:1', '2',
      '-c:a:2', 'eac3', '-b:a:2', '256k',
      ...hls(2, 'mpegts'),
      '-var_stream_map', 'v:0,agroup:aud,name:180p a:0,agroup:aud,name:aac a:1,agroup:aud,name:ac3 a:2,agroup:aud,name:eac3',
      '-master_pl_name', 'dolby.m3u8', '-hls_segment_filename', 'dolby_%v_%05d.ts', 'dolby_%v.m3u8',
    ],
    post: describeDolbyRenditions,
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
      if ('post' in recipe) await recipe.post(tmp);
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
