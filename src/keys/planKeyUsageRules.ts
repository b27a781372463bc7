import { KinoraError } from '../errors/KinoraError.ts';
import type { KeyUsageRule } from './KeyUsageRule.ts';

/** Pixel bounds of MediaPackage's video key names (SPEKE v2 presets; the speke-reference-server's verification requests). */
const SD = 589_824; // 768 x 768
const HD1 = 921_600; // 1280 x 720
const HD = 2_073_600; // 1920 x 1080
const UHD1 = 8_847_360; // 4096 x 2160

const video = (intendedTrackType: string, minPixels?: number, maxPixels?: number): KeyUsageRule => ({ intendedTrackType, video: { minPixels, maxPixels } });
const audio = (intendedTrackType: string, minChannels?: number, maxChannels?: number): KeyUsageRule => ({ intendedTrackType, audio: { minChannels, maxChannels } });

/** `presetSpeke20Video`: the keys each preset asks, by `intendedTrackType` (MediaPackage "SPEKE Version 2.0 presets"). */
const VIDEO_PRESETS: Record<string, KeyUsageRule[]> = {
  'PRESET-VIDEO-1': [video('VIDEO')],
  'PRESET-VIDEO-2': [video('SD', undefined, SD), video('HD', SD + 1)],
  'PRESET-VIDEO-3': [video('SD', undefined, SD), video('HD', SD + 1, HD), video('UHD', HD + 1)],
  'PRESET-VIDEO-4': [video('SD', undefined, SD), video('HD', SD + 1, HD), video('UHD1', HD + 1, UHD1), video('UHD2', UHD1 + 1)],
  'PRESET-VIDEO-5': [video('SD', undefined, SD), video('HD1', SD + 1, HD1), video('HD2', HD1 + 1, HD), video('UHD1', HD + 1, UHD1), video('UHD2', UHD1 + 1)],
  'PRESET-VIDEO-6': [video('SD', undefined, SD), video('HD1', SD + 1, HD1), video('HD2', HD1 + 1, HD), video('UHD', HD + 1)],
  'PRESET-VIDEO-7': [video('SD+HD1', undefined, HD1), video('HD2', HD1 + 1, HD), video('UHD', HD + 1)],
  'PRESET-VIDEO-8': [video('SD+HD1', undefined, HD1), video('HD2', HD1 + 1, HD), video('UHD1', HD + 1, UHD1), video('UHD2', UHD1 + 1)],
};

/** `presetSpeke20Audio`. */
const AUDIO_PRESETS: Record<string, KeyUsageRule[]> = {
  'PRESET-AUDIO-1': [audio('AUDIO')],
  'PRESET-AUDIO-2': [audio('STEREO_AUDIO', undefined, 2), audio('MULTICHANNEL_AUDIO', 3)],
  'PRESET-AUDIO-3': [audio('STEREO_AUDIO', undefined, 2), audio('MULTICHANNEL_AUDIO_3_6', 3, 6), audio('MULTICHANNEL_AUDIO_7', 7)],
};

/**
 * The encryption contract of a configuration: one rule per content key.
 *
 * - No `encryptionContractConfiguration` (SPEKE v1), or `SHARED` for both
 *   audio and video: one key, `ALL`, for every video and audio track (what
 *   MediaPackage sends for SHARED: a `VideoFilter` and an `AudioFilter`).
 * - `PRESET-VIDEO-n` / `PRESET-AUDIO-n`: the keys of the preset; video keys
 *   by resolution, audio keys by channel count.
 * - `UNENCRYPTED` for one kind: no key for it, so those tracks stay clear.
 *
 * Combinations MediaPackage refuses are refused here too: SHARED with
 * anything but SHARED, UNENCRYPTED for both, UNENCRYPTED with SHARED.
 */
export function planKeyUsageRules(contract?: { presetSpeke20Audio: string; presetSpeke20Video: string }): KeyUsageRule[] {
  if (!contract) return [{ intendedTrackType: 'ALL', video: {}, audio: {} }];
  const { presetSpeke20Audio: a, presetSpeke20Video: v } = contract;
  if (a === 'SHARED' && v === 'SHARED') return [{ intendedTrackType: 'ALL', video: {}, audio: {} }];
  if (a === 'SHARED' || v === 'SHARED') throw invalid(`SHARED must be chosen for both presetSpeke20Audio and presetSpeke20Video, found audio ${a} and video ${v}`);
  if (a === 'UNENCRYPTED' && v === 'UNENCRYPTED') throw invalid('presetSpeke20Audio and presetSpeke20Video cannot both be UNENCRYPTED: nothing would be encrypted');
  const videoRules = v === 'UNENCRYPTED' ? [] : VIDEO_PRESETS[v];
  const audioRules = a === 'UNENCRYPTED' ? [] : AUDIO_PRESETS[a];
  if (!videoRules) throw invalid(`presetSpeke20Video "${v}" is not one of ${[...Object.keys(VIDEO_PRESETS), 'SHARED', 'UNENCRYPTED'].join(', ')}`);
  if (!audioRules) throw invalid(`presetSpeke20Audio "${a}" is not one of ${[...Object.keys(AUDIO_PRESETS), 'SHARED', 'UNENCRYPTED'].join(', ')}`);
  return [...videoRules, ...audioRules];
}

function invalid(message: string): KinoraError {
  return new KinoraError('KEY_PROVIDER_ERROR', `encryptionContractConfiguration: ${message}`);
}
