import type { Presentation } from '../model/Presentation.ts';
import type { Track } from '../model/Track.ts';
import { quotedString } from './quotedString.ts';
import type { HlsKey } from '../cenc/HlsKey.ts';
import { writeHlsKeyAttributes } from '../cenc/writeHlsKeyAttributes.ts';

/** A track with the switching set it belongs to, for the set-level fields (language, name, default). */
type Rendition = { track: Track; set: Presentation['switchingSets'][number] };

/**
 * Writes the Multivariant Playlist of a presentation (RFC 8216 4.3.4) in the
 * shape of Apple's HLS Authoring Specification examples:
 *
 * - `EXT-X-INDEPENDENT-SEGMENTS` (4.3.5.1): every segment starts with a key frame.
 * - One `EXT-X-MEDIA:TYPE=AUDIO` per audio track, all in one group (4.3.4.1).
 *   `NAME` is the track name, else the set name, else the language, else the
 *   id, made unique within the group by appending the id (4.3.4.1.1 requires
 *   distinct names). `DEFAULT=YES` goes to exactly one rendition: the first
 *   track of the first `isDefault` audio set, else the first audio track.
 *   `CHANNELS` is the channel count (2 when unknown).
 * - One `EXT-X-STREAM-INF` per video track in presentation order (4.3.4.2):
 *   `BANDWIDTH` is the video peak plus the highest audio peak of the group,
 *   `AVERAGE-BANDWIDTH` likewise with averages (rounded up, since they bound
 *   the real rate), `CODECS` lists the video codec then the distinct audio
 *   codecs of the group.
 * - Muxed audio (HLS-TS without `useAudioRenditionGroup`): no `EXT-X-MEDIA`
 *   for audio; one `EXT-X-STREAM-INF` per video track, its segments muxing
 *   one audio track: the default audio set's first track (else the first
 *   audio track). `BANDWIDTH`, `AVERAGE-BANDWIDTH` and `CODECS` are those of
 *   the video track plus that audio track (RFC 8216 4.3.4.2: a variant's
 *   CODECS lists every format of its segments); the URI is
 *   `mediaPlaylistUri(videoId, audioId)`. Other audio tracks are not listed
 *   side by side: variants that differ only by their muxed audio look alike
 *   to a player that adapts on bandwidth (hls.js picks among them by a few
 *   hundred bit/s, and would switch language mid-play). A manifest filtered
 *   to another audio track (`aws.manifestfilter=audio_language:fr`) lists
 *   that track's variants instead; rendition groups offer every track.
 * - Without video, each audio track is a variant of its own.
 * - One `EXT-X-MEDIA:TYPE=SUBTITLES` per text track, in group `subs`
 *   (`subtitleGroupId`), with `FORCED` when the source said so, and
 *   `SUBTITLES` on every video variant.
 * - `EXT-X-SESSION-KEY` (4.3.4.5) for each of `sessionKeys`, so a player
 *   (FairPlay in particular) can fetch the key before the first media playlist.
 */
export function writeMultivariantPlaylist(
  presentation: Presentation,
  options: {
    /**
     * URI of a track's Media Playlist, relative to this playlist, e.g. `id => \`${id}/media.m3u8\``.
     * With `muxedAudio`, a video variant's URI names the audio track muxed into its segments too.
     */
    mediaPlaylistUri: (trackId: string, muxedAudioId?: string) => string;
    /** `EXT-X-VERSION`; default 7, the version of fMP4 with `EXT-X-MAP` (RFC 8216 7). */
    version?: number;
    /** Audio `GROUP-ID`; default `audio`. */
    audioGroupId?: string;
    /**
     * Audio is muxed into the video segments (HLS-TS without
     * `useAudioRenditionGroup`): no audio `EXT-X-MEDIA`; a variant per video
     * track, whose CODECS and BANDWIDTH include the audio track muxed in.
     */
    muxedAudio?: boolean;
    /** Subtitles `GROUP-ID`; default `subs`. */
    subtitleGroupId?: string;
    /** `EXT-X-I-FRAME-STREAM-INF` entries (4.3.4.3): I-frame playlists for trick play. */
    iframeStreams?: { track: Track; uri: string; peakBitsPerSecond: number }[];
    /** `EXT-X-SESSION-KEY` tags: the keys of the encrypted media playlists. */
    sessionKeys?: readonly HlsKey[];
  },
): string {
  const groupId = options.audioGroupId ?? 'audio';
  const video: Rendition[] = [];
  const audio: Rendition[] = [];
  const text: Rendition[] = [];
  for (const set of presentation.switchingSets) {
    const target = set.kind === 'video' ? video : set.kind === 'audio' ? audio : text;
    for (const timeline of set.tracks) target.push({ track: timeline.track, set });
  }

  const lines = ['#EXTM3U', `#EXT-X-VERSION:${options.version ?? 7}`, '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const key of options.sessionKeys ?? []) lines.push(`#EXT-X-SESSION-KEY:${writeHlsKeyAttributes(key)}`);
  lines.push('');
  const subtitleGroup = options.subtitleGroupId ?? 'subs';
  if (text.length > 0 && video.length > 0) {
    const defaultIndex = text.findIndex((rendition) => rendition.set.isDefault === true);
    const names = new Set<string>();
    text.forEach(({ track, set }, index) => {
      const language = track.language ?? set.language;
      let name = track.name ?? set.name ?? language ?? track.id;
      if (names.has(name)) name = `${name} (${track.id})`;
      names.add(name);
      const attributes = [`TYPE=SUBTITLES`, `GROUP-ID=${quotedString(subtitleGroup)}`];
      if (language !== undefined) attributes.push(`LANGUAGE=${quotedString(language)}`);
      attributes.push(
        `NAME=${quotedString(name)}`,
        `AUTOSELECT=${set.autoselect === false && index !== defaultIndex ? 'NO' : 'YES'}`,
        `DEFAULT=${index === defaultIndex ? 'YES' : 'NO'}`,
      );
      if (set.forced === true) attributes.push('FORCED=YES');
      if (set.characteristics !== undefined) attributes.push(`CHARACTERISTICS=${quotedString(set.characteristics)}`);
      attributes.push(`URI=${quotedString(options.mediaPlaylistUri(track.id))}`);
      lines.push(`#EXT-X-MEDIA:${attributes.join(',')}`);
    });
    lines.push('');
  }

  if (video.length === 0) {
    for (const { track } of audio) {
      lines.push(
        `#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=${Math.ceil(track.averageBitsPerSecond)},BANDWIDTH=${Math.ceil(track.peakBitsPerSecond)},CODECS=${quotedString(track.codecString)}`,
        options.mediaPlaylistUri(track.id),
      );
    }
    lines.push('');
    return lines.join('\n');
  }

  let audioPeak = 0;
  let audioAverage = 0;
  const audioCodecs: string[] = [];
  const muxed = options.muxedAudio === true && audio.length > 0;
  // Muxed: every video variant carries one audio track, the default one.
  const muxedAudio = muxed ? (audio.find((a) => a.set.isDefault === true) ?? audio[0]).track : undefined;
  if (muxedAudio) {
    audioPeak = muxedAudio.peakBitsPerSecond;
    audioAverage = muxedAudio.averageBitsPerSecond;
    audioCodecs.push(muxedAudio.codecString);
  } else if (audio.length > 0) {
    const defaultIndex = Math.max(0, audio.findIndex((rendition) => rendition.set.isDefault === true));
    const names = new Set<string>();
    audio.forEach(({ track, set }, index) => {
      audioPeak = Math.max(audioPeak, track.peakBitsPerSecond);
      audioAverage = Math.max(audioAverage, track.averageBitsPerSecond);
      if (!audioCodecs.includes(track.codecString)) audioCodecs.push(track.codecString);
      const language = track.language ?? set.language;
      let name = track.name ?? set.name ?? language ?? track.id;
      if (names.has(name)) name = `${name} (${track.id})`;
      names.add(name);
      const attributes = [`TYPE=AUDIO`, `GROUP-ID=${quotedString(groupId)}`];
      if (language !== undefined) attributes.push(`LANGUAGE=${quotedString(language)}`);
      attributes.push(
        `NAME=${quotedString(name)}`,
        // RFC 8216 4.3.4.1: AUTOSELECT must be YES when DEFAULT is YES.
        `AUTOSELECT=${set.autoselect === false && index !== defaultIndex ? 'NO' : 'YES'}`,
        `DEFAULT=${index === defaultIndex ? 'YES' : 'NO'}`,
        `CHANNELS=${quotedString(String(track.channels ?? 2))}`,
      );
      if (set.characteristics !== undefined) attributes.push(`CHARACTERISTICS=${quotedString(set.characteristics)}`);
      attributes.push(`URI=${quotedString(options.mediaPlaylistUri(track.id))}`);
      lines.push(`#EXT-X-MEDIA:${attributes.join(',')}`);
    });
    lines.push('');
  }

  for (const { track } of video) {
    const codecs = [track.codecString, ...audioCodecs].join(',');
    const attributes = [
      `AVERAGE-BANDWIDTH=${Math.ceil(track.averageBitsPerSecond + audioAverage)}`,
      `BANDWIDTH=${Math.ceil(track.peakBitsPerSecond + audioPeak)}`,
      `CODECS=${quotedString(codecs)}`,
    ];
    if (track.width !== undefined && track.height !== undefined) attributes.push(`RESOLUTION=${track.width}x${track.height}`);
    if (track.frameRate !== undefined) attributes.push(`FRAME-RATE=${track.frameRate.toFixed(3)}`);
    if (audio.length > 0 && !muxed) attributes.push(`AUDIO=${quotedString(groupId)}`);
    if (text.length > 0) attributes.push(`SUBTITLES=${quotedString(subtitleGroup)}`);
    lines.push(`#EXT-X-STREAM-INF:${attributes.join(',')}`, options.mediaPlaylistUri(track.id, muxedAudio?.id));
  }
  for (const iframe of options.iframeStreams ?? []) {
    const { track } = iframe;
    const attributes = [`BANDWIDTH=${Math.ceil(iframe.peakBitsPerSecond)}`, `CODECS=${quotedString(track.codecString)}`];
    if (track.width !== undefined && track.height !== undefined) attributes.push(`RESOLUTION=${track.width}x${track.height}`);
    attributes.push(`URI=${quotedString(iframe.uri)}`);
    lines.push(`#EXT-X-I-FRAME-STREAM-INF:${attributes.join(',')}`);
  }
  lines.push('');
  return lines.join('\n');
}
