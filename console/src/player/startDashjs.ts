import type { MediaTrack, PlayerAdapter, PlayerEvents, Rendition } from './PlayerAdapter.ts';

/**
 * dash.js (bundled, loaded on demand) behind the `PlayerAdapter` interface;
 * with `smooth`, its MSS plugin is loaded first (it registers itself on the
 * `dashjs` global, where the player looks for it) so Smooth manifests play.
 */
export async function startDashjs(video: HTMLVideoElement, url: string, events: PlayerEvents, smooth: boolean): Promise<PlayerAdapter> {
  const dashjs: any = await import('dashjs');
  if (smooth) await import('dashjs/mss');
  const player = dashjs.MediaPlayer().create();
  const ev = dashjs.MediaPlayer.events;
  player.updateSettings({ debug: { logLevel: dashjs.Debug.LOG_LEVEL_NONE } });
  let auto = true;
  player.on(ev.ERROR, (e: any) => {
    const er = e.error ?? e;
    const message = typeof er.message === 'string' && er.message ? er.message : `error code ${er.code}`;
    events.error(`dash.js could not play this stream: ${message.replace(/\.$/, '')}.`, true);
  });
  if (ev.PLAYBACK_ERROR) player.on(ev.PLAYBACK_ERROR, (e: any) => events.error(`The browser could not decode the stream: ${e.error?.message ?? 'playback error'}.`, true));
  for (const name of ['STREAM_INITIALIZED', 'QUALITY_CHANGE_RENDERED', 'TRACK_CHANGE_RENDERED', 'TEXT_TRACKS_ADDED']) if (ev[name]) player.on(ev[name], () => events.changed());
  player.initialize(video, url, true);
  const rendition = (r: any): Rendition => ({ id: String(r.id), bitrate: r.bandwidth, width: r.width || undefined, height: r.height || undefined, codecs: r.codecs });
  const label = (m: any) => {
    const l = m?.labels?.[0];
    return l ? String(l.text ?? l) : '';
  };
  const trackId = (m: any, i: number) => String(m.id ?? m.index ?? i);
  const audio = (): any[] => player.getTracksFor('audio') ?? [];
  const text = (): any[] => player.getTracksFor('text') ?? [];
  const toTrack = (m: any, i: number): MediaTrack => ({ id: trackId(m, i), language: m.lang ?? '', label: label(m) });
  let textShown = 'off';
  return {
    name: smooth ? 'dashjs-mss' : 'dashjs',
    renditions: () => {
      try {
        return (player.getRepresentationsByType('video') ?? []).map(rendition).sort((a: Rendition, b: Rendition) => a.bitrate - b.bitrate);
      } catch {
        return [];
      }
    },
    current: () => {
      const r = player.getCurrentRepresentationForType('video');
      return r ? rendition(r) : undefined;
    },
    isAuto: () => auto,
    selectRendition: (id) => {
      auto = id === 'auto';
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: auto } } } });
      if (!auto) player.setRepresentationForTypeById('video', id, true);
      events.changed();
    },
    audioTracks: () => audio().map(toTrack),
    currentAudio: () => {
      const cur = player.getCurrentTrackFor('audio');
      const i = audio().indexOf(cur);
      return cur ? trackId(cur, i) : undefined;
    },
    selectAudio: (id) => {
      const t = audio().find((m, i) => trackId(m, i) === id);
      if (t) player.setCurrentTrack(t);
    },
    textTracks: () => text().map(toTrack),
    currentText: () => textShown,
    selectText: (id) => {
      textShown = id;
      if (id === 'off') {
        player.enableText(false);
      } else {
        const i = text().findIndex((m, j) => trackId(m, j) === id);
        player.enableText(true);
        player.setTextTrack(i);
      }
      events.changed();
    },
    destroy: () => player.destroy(),
  };
}
