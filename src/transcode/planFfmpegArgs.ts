import type { InputProbe } from './InputProbe.ts';
import type { PlannedRendition } from './PlannedRendition.ts';
import type { TranscodeTemplate } from './TranscodeTemplate.ts';

/**
 * The ffmpeg command line of one job: ONE process decodes the input once and
 * `split`s it into a scaler + libx264 encoder per rendition, all muxed by one
 * `hls` muxer (`-var_stream_map`).
 *
 * Why one process rather than one per rendition: every encoder then sees the
 * very same frames with the very same timestamps, and `-force_key_frames
 * expr:gte(t,n_forced*G)` puts an IDR at the first frame at or after each
 * multiple of G seconds in all of them, so key frames (and therefore the
 * segment cuts the muxer makes at them) are aligned by construction,
 * whatever the input's frame rate or timestamp quirks. Separate processes
 * would each make their own frame-rate and timestamp decisions.
 * `-sc_threshold 0` stops scene-cut key frames that would differ between
 * rungs; `-flags +cgop` keeps GOPs closed so each segment decodes on its own
 * (RFC 8216 4.3.5.1 `EXT-X-INDEPENDENT-SEGMENTS`).
 *
 * Outputs are named as MediaConvert names them: `<base><modifier>.m3u8` and
 * `<base><modifier>_00001.ts`. The multivariant playlist is not ffmpeg's:
 * Kinora writes it from the measured output (see `readHlsOutput`).
 * The input is opened with `-protocol_whitelist file` so a crafted input can
 * never make ffmpeg open a URL or another file.
 */
export function planFfmpegArgs(options: {
  inputPath: string;
  probe: InputProbe;
  template: TranscodeTemplate;
  renditions: PlannedRendition[];
  outputDir: string;
  baseName: string;
}): string[] {
  const { probe, template, renditions, outputDir, baseName } = options;
  const n = renditions.length;
  const withAudio = template.audio !== null && probe.audio !== undefined;
  const audio = template.audio;
  const gopFrames = Math.max(1, Math.round(template.video.gopSeconds * probe.video.frameRate));

  // Streams by absolute index: the probed video, not cover art that may come first.
  const videoIn = `[0:${probe.video.index}]`;
  const audioIn = `0:${probe.audio?.index ?? 'a:0'}`;
  const scalers = renditions.map((r, i) => `[s${i}]scale=${r.width}:${r.height}:flags=bicubic,setsar=1,format=yuv420p[v${i}]`);
  const graph = n === 1
    ? `${videoIn}scale=${renditions[0].width}:${renditions[0].height}:flags=bicubic,setsar=1,format=yuv420p[v0]`
    : `${videoIn}split=${n}${renditions.map((_, i) => `[s${i}]`).join('')};${scalers.join(';')}`;

  const args = [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-progress', 'pipe:1', '-y',
    '-protocol_whitelist', 'file', '-i', `file:${options.inputPath}`,
    '-filter_complex', graph,
  ];
  const streamMap: string[] = [];
  renditions.forEach((r, i) => {
    args.push('-map', `[v${i}]`);
    if (withAudio && audio!.grouping === 'muxed') {
      args.push('-map', audioIn);
      streamMap.push(`v:${i},a:${i},name:${r.nameModifier}`);
    } else {
      streamMap.push(`v:${i},name:${r.nameModifier}`);
    }
  });
  if (withAudio && audio!.grouping === 'separate') {
    args.push('-map', audioIn);
    streamMap.push(`a:0,name:${audio!.nameModifier}`);
  }

  args.push(
    '-map_metadata', '-1', '-map_chapters', '-1',
    '-c:v', 'libx264', '-preset', template.video.preset, '-pix_fmt', 'yuv420p',
    '-g', String(gopFrames), '-keyint_min', String(gopFrames), '-sc_threshold', '0', '-flags', '+cgop',
    '-force_key_frames', `expr:gte(t,n_forced*${template.video.gopSeconds})`,
  );
  renditions.forEach((r, i) => {
    // Capped VBR: peaks up to 1.2x the target, over a 2-second buffer.
    args.push(`-b:v:${i}`, String(r.bitrate), `-maxrate:v:${i}`, String(Math.round(r.bitrate * 1.2)), `-bufsize:v:${i}`, String(r.bitrate * 2), `-profile:v:${i}`, r.profile);
    if (r.level !== undefined) args.push(`-level:v:${i}`, r.level);
  });
  if (withAudio) {
    args.push('-c:a', 'aac', '-b:a', String(audio!.bitrate), '-ac', String(audio!.channels), '-ar', String(audio!.sampleRate));
  }
  args.push(
    '-max_muxing_queue_size', '4096',
    '-f', 'hls', '-hls_time', String(template.segmentSeconds), '-hls_playlist_type', 'vod', '-hls_segment_type', 'mpegts',
    '-hls_flags', 'independent_segments', '-start_number', '1',
    '-var_stream_map', streamMap.join(' '),
    '-hls_segment_filename', `${outputDir}/${baseName}%v_%05d.ts`,
    `${outputDir}/${baseName}%v.m3u8`,
  );
  return args;
}
