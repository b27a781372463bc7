import { writeMultivariantPlaylist } from '../media/hls/writeMultivariantPlaylist.ts';
import type { Presentation, SwitchingSet } from '../media/model/Presentation.ts';
import type { Track } from '../media/model/Track.ts';
import type { AudioSettings } from './TranscodeTemplate.ts';

/** A rendition as found in the transcoder's output: its media playlist and the tracks read from its segments. */
export interface MeasuredRendition {
  kind: 'video' | 'audio';
  /** Media playlist file name, relative to the multivariant playlist. */
  playlistFile: string;
  /** The rendition's own track (video, or the audio of an audio-only rendition). */
  track: Track;
  /** Audio muxed into a video rendition's segments, when the template muxes audio. */
  muxedAudio?: Track;
}

/**
 * The multivariant playlist of a transcoder output, written by the media
 * core's `writeMultivariantPlaylist` from tracks measured on the actual
 * segments (codec strings from the SPS/ADTS headers, RFC 8216 peak and
 * average bit rates from segment sizes), rather than ffmpeg's estimate from
 * nominal bitrates, which a capped-VBR encode can exceed. Version 3: MPEG-TS
 * segments with decimal `EXTINF` (RFC 8216 7).
 */
export function writeOutputMultivariant(renditions: MeasuredRendition[], audio: AudioSettings | null): string {
  const uris = new Map<string, string>();
  const video: Track[] = [];
  const audioTracks: Track[] = [];
  let muxed = false;
  for (const r of renditions) {
    const id = `${r.kind === 'video' ? 'v' : 'a'}${(r.kind === 'video' ? video : audioTracks).length + 1}`;
    const track = { ...r.track, id };
    uris.set(id, r.playlistFile);
    if (r.kind === 'video') {
      video.push(track);
      if (r.muxedAudio && audioTracks.length === 0) {
        audioTracks.push({ ...r.muxedAudio, id: 'a1' });
        muxed = true;
      }
    } else {
      audioTracks.push({ ...track, language: audio?.language, name: audio?.name ?? audio?.language ?? 'Audio' });
    }
  }
  const sets: SwitchingSet[] = [{ id: 'video', kind: 'video', tracks: video.map((track) => ({ track, segments: [] })) }];
  if (audioTracks.length > 0) {
    sets.push({ id: 'audio', kind: 'audio', language: audio?.language, isDefault: true, autoselect: true, tracks: audioTracks.map((track) => ({ track, segments: [] })) });
  }
  const presentation: Presentation = { durationSeconds: 0, switchingSets: sets };
  return writeMultivariantPlaylist(presentation, { mediaPlaylistUri: (id) => uris.get(id)!, version: 3, muxedAudio: muxed });
}
