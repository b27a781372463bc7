import { TranscodeError } from './TranscodeError.ts';
import type { InputProbe } from './InputProbe.ts';

/** Containers that reference other files; a transcoding input must be self-contained. */
const REFERENCING_FORMATS = new Set(['hls', 'applehttp', 'concat', 'dash', 'ffconcat']);

/**
 * Reads `ffprobe -print_format json -show_format -show_streams` output into an
 * `InputProbe`, refusing what cannot become an HLS ladder: no video stream
 * (INPUT_NO_VIDEO, MediaConvert 1020; cover art and still images do not
 * count), a playlist/concat container (INPUT_UNSUPPORTED), no usable size or
 * duration (INPUT_UNREADABLE). `subject` names the input in messages.
 */
export function readProbeResult(json: unknown, subject: string): InputProbe {
  const root = (json ?? {}) as { format?: Record<string, any>; streams?: Record<string, any>[] };
  const format = root.format ?? {};
  const streams = Array.isArray(root.streams) ? root.streams : [];
  const formatName = String(format.format_name ?? 'unknown');

  if (REFERENCING_FORMATS.has(formatName)) {
    throw new TranscodeError('INPUT_UNSUPPORTED', `${subject} is a ${formatName} playlist; give the transcoder a single media file`, { subject });
  }
  const audioStream = streams.find((s) => s.codec_type === 'audio');
  const videoStream = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!videoStream) {
    const found = audioStream ? `audio only (${audioStream.codec_name ?? 'unknown codec'})` : streams.length === 0 ? 'no streams at all' : `only ${[...new Set(streams.map((s) => s.codec_type))].join(', ')} streams`;
    throw new TranscodeError('INPUT_NO_VIDEO', `${subject} has no video stream: the ${formatName} container holds ${found}`, { subject });
  }
  if (/(^|,)image2$|_pipe$/.test(formatName) || (Number(videoStream.nb_frames) === 1 && !(Number(format.duration) > 0))) {
    throw new TranscodeError('INPUT_NO_VIDEO', `${subject} is a still image (${formatName}), not a video`, { subject });
  }
  const codec = String(videoStream.codec_name ?? '');
  if (codec === '' || codec === 'none') {
    throw new TranscodeError('INPUT_UNSUPPORTED', `${subject}: ffprobe does not recognise the codec of video stream ${videoStream.index} (codec tag ${videoStream.codec_tag_string ?? 'unknown'})`, { subject });
  }
  const width = Number(videoStream.width);
  const height = Number(videoStream.height);
  if (!(width > 0 && height > 0)) {
    throw new TranscodeError('INPUT_UNREADABLE', `${subject}: video stream ${videoStream.index} (${codec}) has no picture size; the file is damaged or truncated`, { subject });
  }
  const durationSeconds = firstPositive(format.duration, videoStream.duration);
  if (durationSeconds === undefined) {
    throw new TranscodeError('INPUT_UNREADABLE', `${subject}: the ${formatName} file has no known duration; it is damaged or still being written`, { subject });
  }

  const rotation = readRotation(videoStream);
  const [sarNum, sarDen] = readRatio(videoStream.sample_aspect_ratio) ?? [1, 1];
  let displayWidth = sarNum > 0 && sarDen > 0 ? Math.round((width * sarNum) / sarDen) : width;
  let displayHeight = height;
  if (rotation === 90 || rotation === 270) [displayWidth, displayHeight] = [displayHeight, displayWidth];

  const probe: InputProbe = {
    formatName,
    durationSeconds,
    video: { index: Number(videoStream.index), codec, width, height, displayWidth, displayHeight, frameRate: readFrameRate(videoStream), rotation },
  };
  if (audioStream) {
    probe.audio = { index: Number(audioStream.index), codec: String(audioStream.codec_name ?? 'unknown'), channels: Number(audioStream.channels) || 2, sampleRate: Number(audioStream.sample_rate) || 48000 };
  }
  return probe;
}

function firstPositive(...values: unknown[]): number | undefined {
  for (const v of values) {
    const n = Number(v);
    if (Number.isFinite(n) && n > 0) return n;
  }
  return undefined;
}

function readRatio(text: unknown): [number, number] | undefined {
  const m = /^(\d+)[:/](\d+)$/.exec(String(text ?? ''));
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** avg_frame_rate, else r_frame_rate, else 25 (a sane GOP length when the file does not say). */
function readFrameRate(stream: Record<string, any>): number {
  for (const field of ['avg_frame_rate', 'r_frame_rate']) {
    const r = readRatio(stream[field]);
    if (r && r[1] > 0 && r[0] > 0) {
      const fps = r[0] / r[1];
      if (fps > 0 && fps <= 240) return fps;
    }
  }
  return 25;
}

/** Display rotation from the display matrix side data (ffmpeg 5+) or the legacy `rotate` tag, as clockwise 0/90/180/270. */
function readRotation(stream: Record<string, any>): number {
  let degrees = 0;
  const side = Array.isArray(stream.side_data_list) ? stream.side_data_list.find((s: any) => s.rotation !== undefined) : undefined;
  if (side) degrees = -Number(side.rotation); // the display matrix rotation is counter-clockwise
  else if (stream.tags?.rotate !== undefined) degrees = Number(stream.tags.rotate);
  if (!Number.isFinite(degrees)) return 0;
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}
