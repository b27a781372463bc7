import type { PlayerAdapter, PlayerEvents, Rendition } from './PlayerAdapter.ts';

/** shaka-player (bundled, loaded on demand) behind the `PlayerAdapter` interface: the alternative for HLS and DASH. */
export async function startShaka(video: HTMLVideoElement, url: string, events: PlayerEvents): Promise<PlayerAdapter> {
  const mod: any = await import('shaka-player');
  const shaka = mod.default ?? mod;
  shaka.polyfill.installAll();
  if (!shaka.Player.isBrowserSupported()) throw new Error('This browser cannot run shaka-player.');
  const player = new shaka.Player();
  // shaka 5.2 can re-read an aborted text init-segment prefetch forever after a seek, leaving
  // subtitles without cues (shaka-player#10569); without text prefetch that cannot happen.
  player.configure({ streaming: { disableTextPrefetch: true } });
  let auto = true;
  player.addEventListener('error', (e: any) => {
    const d = e.detail ?? {};
    events.error(`shaka could not play this stream (error ${d.code}${d.data?.[1] ? `, HTTP ${d.data[1]}` : ''}).`, d.severity === 2);
  });
  for (const name of ['variantchanged', 'adaptation', 'trackschanged', 'textchanged', 'audiotrackschanged']) player.addEventListener(name, () => events.changed());
  await player.attach(video);
  try {
    await player.load(url);
  } catch (e: any) {
    events.error(`shaka could not load the manifest (error ${e?.code ?? '?'}${e?.data?.[1] ? `, HTTP ${e.data[1]}` : ''}).`, true);
  }
  void video.play().catch(() => {});
  const active = () => player.getVariantTracks().find((t: any) => t.active);
  const rendition = (t: any): Rendition => ({ id: String(t.id), bitrate: t.videoBandwidth || t.bandwidth, width: t.width || undefined, height: t.height || undefined, codecs: t.videoCodec });
  return {
    name: 'shaka',
    renditions: () => {
      const audioId = active()?.audioId;
      const seen = new Set<string>();
      return player
        .getVariantTracks()
        .filter((t: any) => audioId === undefined || t.audioId === audioId)
        .filter((t: any) => (seen.has(String(t.videoId)) ? false : (seen.add(String(t.videoId)), true)))
        .map(rendition)
        .sort((a: Rendition, b: Rendition) => a.bitrate - b.bitrate);
    },
    current: () => {
      const t = active();
      return t ? rendition(t) : undefined;
    },
    isAuto: () => auto,
    selectRendition: (id) => {
      auto = id === 'auto';
      player.configure({ abr: { enabled: auto } });
      if (!auto) {
        const t = player.getVariantTracks().find((x: any) => String(x.id) === id);
        if (t) player.selectVariantTrack(t, true);
      }
      events.changed();
    },
    audioTracks: () => player.getAudioTracks().map((t: any, i: number) => ({ id: String(i), language: t.language ?? '', label: t.label ?? '' })),
    currentAudio: () => {
      const i = player.getAudioTracks().findIndex((t: any) => t.active);
      return i >= 0 ? String(i) : undefined;
    },
    selectAudio: (id) => {
      const t = player.getAudioTracks()[Number(id)];
      if (t) player.selectAudioTrack(t);
    },
    textTracks: () => player.getTextTracks().map((t: any) => ({ id: String(t.id), language: t.language ?? '', label: t.label ?? '' })),
    currentText: () => {
      const t = player.getTextTracks().find((x: any) => x.active);
      return t && (player.isTextTrackVisible?.() ?? true) ? String(t.id) : 'off';
    },
    selectText: (id) => {
      if (id === 'off') {
        if (player.setTextTrackVisibility) void player.setTextTrackVisibility(false);
        else for (const track of video.textTracks) track.mode = 'disabled';
      } else {
        const t = player.getTextTracks().find((x: any) => String(x.id) === id);
        if (t) player.selectTextTrack(t);
        void player.setTextTrackVisibility?.(true);
      }
      events.changed();
    },
    destroy: () => void player.destroy(),
  };
}
