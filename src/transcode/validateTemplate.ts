import { KinoraError } from '../errors/KinoraError.ts';
import { H264_PROFILES, X264_PRESETS, type AudioSettings, type TranscodeTemplate, type VideoRendition } from './TranscodeTemplate.ts';

const NAME_MODIFIER = /^[A-Za-z0-9_.-]{1,64}$/;
const LEVEL = /^[1-6](\.[0-2])?$/;

/**
 * Checks a template received from outside (API body, config file) and
 * returns it as a `TranscodeTemplate`; the first problem throws
 * INVALID_REQUEST naming the field, e.g. `template.video.renditions[1].bitrate
 * must be an integer between 50000 and 100000000 (bits per second), found "3M"`.
 * Unknown fields are refused too, so a typo does not silently fall back to a default.
 */
export function validateTemplate(value: unknown, path = 'template'): TranscodeTemplate {
  const t = object(value, path, ['name', 'video', 'audio', 'segmentSeconds']);
  if (t.name !== undefined && (typeof t.name !== 'string' || t.name.length > 128)) fail(`${path}.name`, 'must be a string of at most 128 characters', t.name);

  const v = object(t.video, `${path}.video`, ['codec', 'gopSeconds', 'preset', 'renditions']);
  if (v.codec !== 'h264') fail(`${path}.video.codec`, 'must be "h264" (the only video codec supported)', v.codec);
  const gopSeconds = number(v.gopSeconds, `${path}.video.gopSeconds`, 0.5, 10, 'seconds');
  if (!(X264_PRESETS as readonly unknown[]).includes(v.preset)) fail(`${path}.video.preset`, `must be one of ${X264_PRESETS.join(', ')}`, v.preset);
  if (!Array.isArray(v.renditions) || v.renditions.length === 0 || v.renditions.length > 10) {
    fail(`${path}.video.renditions`, 'must be a list of 1 to 10 renditions', v.renditions);
  }
  const renditions = (v.renditions as unknown[]).map((r, i) => rendition(r, `${path}.video.renditions[${i}]`));

  let audio: AudioSettings | null = null;
  if (t.audio !== null) audio = audioSettings(t.audio, `${path}.audio`);

  const segmentSeconds = number(t.segmentSeconds, `${path}.segmentSeconds`, 1, 60, 'seconds');
  const gops = segmentSeconds / gopSeconds;
  if (Math.abs(gops - Math.round(gops)) > 1e-9) {
    fail(`${path}.segmentSeconds`, `must be a whole multiple of video.gopSeconds (${gopSeconds}) so every segment starts on an aligned key frame`, segmentSeconds);
  }

  const modifiers = new Map<string, string>();
  const owners: [string, string][] = renditions.map((r, i) => [r.nameModifier, `${path}.video.renditions[${i}].nameModifier`]);
  if (audio && audio.grouping === 'separate') owners.push([audio.nameModifier, `${path}.audio.nameModifier`]);
  for (const [modifier, field] of owners) {
    const other = modifiers.get(modifier);
    if (other) fail(field, `must differ from ${other}: two outputs would write the same files`, modifier);
    modifiers.set(modifier, field);
  }

  const out: TranscodeTemplate = { video: { codec: 'h264', gopSeconds, preset: v.preset as TranscodeTemplate['video']['preset'], renditions }, audio, segmentSeconds };
  if (t.name !== undefined) out.name = t.name as string;
  return out;
}

function rendition(value: unknown, path: string): VideoRendition {
  const r = object(value, path, ['nameModifier', 'width', 'height', 'bitrate', 'profile', 'level']);
  const out: VideoRendition = {
    nameModifier: nameModifier(r.nameModifier, `${path}.nameModifier`),
    width: evenInteger(r.width, `${path}.width`, 7680),
    height: evenInteger(r.height, `${path}.height`, 4320),
    bitrate: integer(r.bitrate, `${path}.bitrate`, 50_000, 100_000_000, 'bits per second'),
    profile: r.profile as VideoRendition['profile'],
  };
  if (!(H264_PROFILES as readonly unknown[]).includes(r.profile)) fail(`${path}.profile`, `must be one of ${H264_PROFILES.join(', ')}`, r.profile);
  if (r.level !== undefined) {
    if (typeof r.level !== 'string' || !LEVEL.test(r.level)) fail(`${path}.level`, 'must be an H.264 level such as "3.1" or "4"', r.level);
    out.level = r.level as string;
  }
  return out;
}

function audioSettings(value: unknown, path: string): AudioSettings {
  const a = object(value, path, ['bitrate', 'channels', 'sampleRate', 'grouping', 'nameModifier', 'language', 'name']);
  const channels = a.channels;
  if (channels !== 1 && channels !== 2 && channels !== 6) fail(`${path}.channels`, 'must be 1, 2 or 6', channels);
  const sampleRate = a.sampleRate;
  if (sampleRate !== 44100 && sampleRate !== 48000) fail(`${path}.sampleRate`, 'must be 44100 or 48000', sampleRate);
  if (a.grouping !== 'separate' && a.grouping !== 'muxed') fail(`${path}.grouping`, 'must be "separate" (an audio rendition group) or "muxed" (audio in every video rendition)', a.grouping);
  const out: AudioSettings = {
    bitrate: integer(a.bitrate, `${path}.bitrate`, 32_000, 512_000, 'bits per second'),
    channels: channels as AudioSettings['channels'],
    sampleRate: sampleRate as AudioSettings['sampleRate'],
    grouping: a.grouping as AudioSettings['grouping'],
    nameModifier: nameModifier(a.nameModifier, `${path}.nameModifier`),
  };
  if (a.language !== undefined) {
    if (typeof a.language !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(a.language)) fail(`${path}.language`, 'must be a language tag such as "en" or "eng"', a.language);
    out.language = a.language as string;
  }
  if (a.name !== undefined) {
    if (typeof a.name !== 'string' || a.name.length === 0 || a.name.length > 64 || /["\r\n]/.test(a.name)) fail(`${path}.name`, 'must be 1 to 64 characters without quotes or line breaks', a.name);
    out.name = a.name as string;
  }
  return out;
}

function object(value: unknown, path: string, fields: string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object', value);
  for (const key of Object.keys(value as object)) {
    if (!fields.includes(key)) fail(`${path}.${key}`, `is not a field of this object (expected ${fields.join(', ')})`, (value as Record<string, unknown>)[key]);
  }
  return value as Record<string, unknown>;
}

function nameModifier(value: unknown, path: string): string {
  if (typeof value !== 'string' || !NAME_MODIFIER.test(value)) fail(path, 'must be 1 to 64 characters of A-Z a-z 0-9 _ . -', value);
  return value as string;
}

function number(value: unknown, path: string, min: number, max: number, unit: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) fail(path, `must be a number between ${min} and ${max} (${unit})`, value);
  return value as number;
}

function integer(value: unknown, path: string, min: number, max: number, unit: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(path, `must be an integer between ${min} and ${max} (${unit})`, value);
  return value as number;
}

function evenInteger(value: unknown, path: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 16 || value > max || value % 2 !== 0) {
    fail(path, `must be an even integer between 16 and ${max} (pixels; 4:2:0 chroma needs even sizes)`, value);
  }
  return value as number;
}

function fail(field: string, rule: string, found: unknown): never {
  throw new KinoraError('INVALID_REQUEST', `${field} ${rule}, found ${describe(found)}`, { subject: field });
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
