import { KinoraError } from '../errors/KinoraError.ts';
import type { Track } from '../media/model/Track.ts';

const NAMES: Record<string, string> = { hevc: 'H.265', ac3: 'AC-3', ec3: 'E-AC-3', avc: 'H.264', aac: 'AAC', wvtt: 'WebVTT' };

/**
 * HLS SAMPLE-AES in MPEG-TS (Apple, "MPEG-2 Stream Encryption Format for
 * HTTP Live Streaming") defines H.264 video and AAC, AC-3 and E-AC-3 audio,
 * all of which Kinora writes. A track of any other codec (H.265, which the
 * specification does not cover) fails the request with 501
 * `FORMAT_NOT_SUPPORTED` naming the track, before any key is used: never
 * clear media, never media a player cannot decrypt.
 */
export function assertSampleAesTracks(tracks: readonly Pick<Track, 'id' | 'config'>[], assetId: string): void {
  for (const track of tracks) {
    const codec = track.config.codec;
    if (codec === 'avc' || codec === 'aac' || codec === 'ac3' || codec === 'ec3') continue;
    const why = codec === 'hevc' ? " (Apple's specification has no H.265 for MPEG-TS; use cmafPackage, whose SAMPLE-AES is cbcs)" : '';
    throw new KinoraError('FORMAT_NOT_SUPPORTED', `asset ${assetId} track ${track.id}: HLS SAMPLE-AES in MPEG-TS covers H.264 video and AAC, AC-3 and E-AC-3 audio, found ${NAMES[codec] ?? codec}${why}`, { subject: assetId });
  }
}
