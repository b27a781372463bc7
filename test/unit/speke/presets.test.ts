// SPEKE v2 encryption contracts: which keys each MediaPackage preset asks (ContentKeyUsageRule
// intendedTrackType and filter bounds, as in the speke-reference-server's verification requests),
// which track each key protects, and the combinations MediaPackage refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planKeyUsageRules } from '../../../src/keys/planKeyUsageRules.ts';
import { ruleAppliesTo } from '../../../src/keys/ruleAppliesTo.ts';
import { KinoraError } from '../../../src/errors/KinoraError.ts';

const names = (video: string, audio: string) => planKeyUsageRules({ presetSpeke20Video: video, presetSpeke20Audio: audio }).map((r) => r.intendedTrackType);

test('every preset asks the keys MediaPackage asks', () => {
  assert.deepEqual(planKeyUsageRules(), [{ intendedTrackType: 'ALL', video: {}, audio: {} }]);
  assert.deepEqual(planKeyUsageRules({ presetSpeke20Video: 'SHARED', presetSpeke20Audio: 'SHARED' }), [{ intendedTrackType: 'ALL', video: {}, audio: {} }]);
  const video: Record<string, string[]> = {
    'PRESET-VIDEO-1': ['VIDEO'],
    'PRESET-VIDEO-2': ['SD', 'HD'],
    'PRESET-VIDEO-3': ['SD', 'HD', 'UHD'],
    'PRESET-VIDEO-4': ['SD', 'HD', 'UHD1', 'UHD2'],
    'PRESET-VIDEO-5': ['SD', 'HD1', 'HD2', 'UHD1', 'UHD2'],
    'PRESET-VIDEO-6': ['SD', 'HD1', 'HD2', 'UHD'],
    'PRESET-VIDEO-7': ['SD+HD1', 'HD2', 'UHD'],
    'PRESET-VIDEO-8': ['SD+HD1', 'HD2', 'UHD1', 'UHD2'],
  };
  for (const [preset, keys] of Object.entries(video)) assert.deepEqual(names(preset, 'UNENCRYPTED'), keys, preset);
  assert.deepEqual(names('UNENCRYPTED', 'PRESET-AUDIO-1'), ['AUDIO']);
  assert.deepEqual(names('UNENCRYPTED', 'PRESET-AUDIO-2'), ['STEREO_AUDIO', 'MULTICHANNEL_AUDIO']);
  assert.deepEqual(names('PRESET-VIDEO-1', 'PRESET-AUDIO-3'), ['VIDEO', 'STEREO_AUDIO', 'MULTICHANNEL_AUDIO_3_6', 'MULTICHANNEL_AUDIO_7']);
  assert.deepEqual(planKeyUsageRules({ presetSpeke20Video: 'PRESET-VIDEO-5', presetSpeke20Audio: 'UNENCRYPTED' })[2], { intendedTrackType: 'HD2', video: { minPixels: 921_601, maxPixels: 2_073_600 } });
});

test('each track gets exactly one key: video by pixels at the bounds, audio by channels; text none', () => {
  const rules = planKeyUsageRules({ presetSpeke20Video: 'PRESET-VIDEO-5', presetSpeke20Audio: 'PRESET-AUDIO-3' });
  const keyOf = (track: { kind: 'video' | 'audio' | 'text'; width?: number; height?: number; channels?: number }) => rules.filter((r) => ruleAppliesTo(r, track)).map((r) => r.intendedTrackType);
  const cases: [Parameters<typeof keyOf>[0], string[]][] = [
    [{ kind: 'video', width: 768, height: 768 }, ['SD']],
    [{ kind: 'video', width: 1024, height: 576 }, ['SD']],
    [{ kind: 'video', width: 1024, height: 577 }, ['HD1']],
    [{ kind: 'video', width: 1280, height: 720 }, ['HD1']],
    [{ kind: 'video', width: 1281, height: 720 }, ['HD2']],
    [{ kind: 'video', width: 1920, height: 1080 }, ['HD2']],
    [{ kind: 'video', width: 3840, height: 2160 }, ['UHD1']],
    [{ kind: 'video', width: 7680, height: 4320 }, ['UHD2']],
    [{ kind: 'video' }, ['SD']],
    [{ kind: 'audio', channels: 1 }, ['STEREO_AUDIO']],
    [{ kind: 'audio' }, ['STEREO_AUDIO']],
    [{ kind: 'audio', channels: 6 }, ['MULTICHANNEL_AUDIO_3_6']],
    [{ kind: 'audio', channels: 8 }, ['MULTICHANNEL_AUDIO_7']],
    [{ kind: 'text' }, []],
  ];
  for (const [track, expected] of cases) assert.deepEqual(keyOf(track), expected, JSON.stringify(track));
  const unencryptedAudio = planKeyUsageRules({ presetSpeke20Video: 'PRESET-VIDEO-1', presetSpeke20Audio: 'UNENCRYPTED' });
  assert.equal(unencryptedAudio.some((r) => ruleAppliesTo(r, { kind: 'audio', channels: 2 })), false, 'UNENCRYPTED audio stays clear');
});

test('combinations MediaPackage refuses are refused', () => {
  const refused = (video: string, audio: string, pattern: RegExp) =>
    assert.throws(() => planKeyUsageRules({ presetSpeke20Video: video, presetSpeke20Audio: audio }), (e) => e instanceof KinoraError && e.code === 'KEY_PROVIDER_ERROR' && pattern.test(e.message));
  refused('SHARED', 'PRESET-AUDIO-1', /SHARED must be chosen for both/);
  refused('UNENCRYPTED', 'SHARED', /SHARED must be chosen for both/);
  refused('UNENCRYPTED', 'UNENCRYPTED', /cannot both be UNENCRYPTED/);
  refused('PRESET-VIDEO-9', 'PRESET-AUDIO-1', /presetSpeke20Video "PRESET-VIDEO-9" is not one of/);
});
