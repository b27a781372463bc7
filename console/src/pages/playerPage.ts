import { h } from '../ui/h.ts';
import { formatBitrate } from '../ui/format.ts';
import { copyText, pageHeader } from '../ui/parts.ts';
import { describeKind, firstMediaPlaylistOf, manifestKindOf, pickPlayer, sampleEncryptedFmp4Of, type PlayerChoice } from '../player/pickPlayer.ts';
import type { PlayerAdapter, PlayerName } from '../player/PlayerAdapter.ts';
import { startHlsjs } from '../player/startHlsjs.ts';
import { startDashjs } from '../player/startDashjs.ts';
import { startShaka } from '../player/startShaka.ts';
import type { Page } from '../PageContext.ts';

const PLAYER_LABELS: Record<PlayerName, string> = { hlsjs: 'hls.js', dashjs: 'dash.js', 'dashjs-mss': 'dash.js + MSS plugin', shaka: 'shaka-player' };
const CHOICES: [PlayerChoice, string][] = [
  ['auto', 'Automatic (from the manifest type)'],
  ['hlsjs', 'hls.js'],
  ['dashjs', 'dash.js'],
  ['shaka', 'shaka-player'],
];

/**
 * The demo player: paste a manifest URL (Kinora's or any other server's
 * that allows CORS), press Preview. The page URL (`?url=&player=`) can be
 * shared. An overlay shows what plays; the selects switch rendition, audio
 * and subtitles through the player's own API.
 */
export const playerPage: Page = (ctx) => {
  ctx.title('Player');
  const urlInput = h('input', { id: 'player-url', type: 'url', inputmode: 'url', spellcheck: 'false', autocomplete: 'off', placeholder: 'https://…/index.m3u8, …/index.mpd or …/index.ism/Manifest', value: ctx.query.get('url') ?? '', autofocus: !ctx.query.get('url'), 'aria-describedby': 'player-url-hint' });
  const choice = h('select', { id: 'player-choice' }, ...CHOICES.map(([v, l]) => h('option', { value: v, ...(ctx.query.get('player') === v ? { selected: true } : {}) }, l)));
  const video = h('video', { id: 'player-video', controls: true, muted: true, playsinline: true, autoplay: true, 'aria-label': 'Preview' });
  video.muted = true;
  const overlay = h('div', { class: 'overlay', 'aria-live': 'off', hidden: true });
  const errors = h('div', { class: 'player-errors', role: 'alert' });
  const renditionSelect = h('select', { id: 'player-rendition', disabled: true });
  const audioSelect = h('select', { id: 'player-audio', disabled: true });
  const textSelect = h('select', { id: 'player-text', disabled: true });
  const shareButton = h('button', { type: 'button', class: 'secondary small', onclick: () => void copyText(location.href, shareButton) }, 'Copy link');
  const controls = h(
    'div',
    { class: 'player-controls' },
    h('div', { class: 'field' }, h('label', { for: 'player-rendition' }, 'Rendition'), renditionSelect),
    h('div', { class: 'field' }, h('label', { for: 'player-audio' }, 'Audio'), audioSelect),
    h('div', { class: 'field' }, h('label', { for: 'player-text' }, 'Subtitles'), textSelect),
    h('div', { class: 'field share' }, h('span', { class: 'label' }, 'Share'), shareButton),
  );

  let adapter: PlayerAdapter | undefined;
  let timer: number | undefined;
  let session = 0;
  const errorLines: string[] = [];
  const showError = (message: string) => {
    if (errorLines.includes(message)) return;
    errorLines.push(message);
    errors.replaceChildren(...errorLines.slice(-5).map((m) => h('p', {}, m)));
    refreshOverlay();
  };

  const stop = () => {
    session++;
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    try {
      adapter?.destroy();
    } catch {
      // the player is going away anyway
    }
    adapter = undefined;
    video.removeAttribute('src');
    video.load();
    errorLines.length = 0;
    errors.replaceChildren();
    overlay.hidden = true;
    for (const s of [renditionSelect, audioSelect, textSelect]) {
      s.replaceChildren();
      s.disabled = true;
    }
  };
  ctx.onLeave(stop);

  function fillSelects(): void {
    if (!adapter) return;
    const renditions = adapter.renditions();
    const cur = adapter.isAuto() ? 'auto' : adapter.current()?.id ?? 'auto';
    setOptions(renditionSelect, [['auto', 'Automatic (ABR)'], ...renditions.map((r): [string, string] => [r.id, `${r.height ? `${r.height}p · ` : ''}${formatBitrate(r.bitrate)}`])], cur, renditions.length > 1);
    const audio = adapter.audioTracks();
    setOptions(audioSelect, audio.length ? audio.map((t): [string, string] => [t.id, trackLabel(t.language, t.label)]) : [['', 'Only one']], adapter.currentAudio() ?? '', audio.length > 1);
    const text = adapter.textTracks();
    setOptions(textSelect, [['off', text.length ? 'Off' : 'None'], ...text.map((t): [string, string] => [t.id, trackLabel(t.language, t.label)])], adapter.currentText(), text.length > 0);
  }

  function refreshOverlay(): void {
    if (!adapter) return;
    const q = video.getVideoPlaybackQuality?.();
    let ahead = 0;
    for (let i = 0; i < video.buffered.length; i++) if (video.buffered.start(i) <= video.currentTime + 0.1 && video.buffered.end(i) > video.currentTime) ahead = video.buffered.end(i) - video.currentTime;
    const r = adapter.current();
    const rows: [string, string][] = [
      ['Player', PLAYER_LABELS[adapter.name]],
      ['Rendition', r ? `${r.width && r.height ? `${r.width}×${r.height}` : r.id}${r.codecs ? ` · ${r.codecs}` : ''}` : '—'],
      ['Bitrate', `${formatBitrate(r?.bitrate)}${adapter.isAuto() ? ' (auto)' : ' (fixed)'}`],
      ['Decoded', video.videoWidth ? `${video.videoWidth}×${video.videoHeight}` : '—'],
      ['Buffer', `${ahead.toFixed(1)} s`],
      ['Frames', q ? `${q.totalVideoFrames} decoded · ${q.droppedVideoFrames} dropped` : '—'],
      ['Time', `${video.currentTime.toFixed(1)} / ${Number.isFinite(video.duration) ? video.duration.toFixed(1) : '—'} s`],
      ['Errors', errorLines.length ? String(errorLines.length) : 'none'],
    ];
    overlay.replaceChildren(h('dl', {}, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-stat': k.toLowerCase() }, v)])));
  }

  async function preview(pushHistory: boolean): Promise<void> {
    stop();
    const mine = session;
    const raw = urlInput.value.trim();
    let url: URL;
    try {
      url = new URL(raw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    } catch {
      showError(raw ? `"${raw}" is not an http:// or https:// URL. Paste the URL of a manifest (.m3u8, .mpd or .ism/Manifest).` : 'Paste the URL of a manifest (.m3u8, .mpd or .ism/Manifest), then press Preview.');
      urlInput.focus();
      return;
    }
    const params = new URLSearchParams({ url: url.href });
    if (choice.value !== 'auto') params.set('player', choice.value);
    const share = `/console/player?${params}`;
    if (location.pathname + location.search !== share) (pushHistory ? history.pushState : history.replaceState).call(history, null, '', share);

    // Load the manifest once ourselves: the players' own errors say little about why a URL fails.
    let text: string;
    try {
      const response = await fetch(url.href, { cache: 'no-store' });
      text = await response.text();
      if (!response.ok) {
        const reason = readReason(text);
        showError(`The manifest could not be loaded: ${url.host} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${reason ? ` (${reason})` : ''}.`);
        return;
      }
    } catch {
      if (mine === session) showError(`The manifest could not be loaded: ${url.host} did not answer, or it does not allow this page to read it (CORS).`);
      return;
    }
    if (mine !== session) return;
    const kind = manifestKindOf(url.href, text);
    if (!kind) {
      showError('This is not a manifest this page can play: expected HLS (#EXTM3U), DASH (<MPD>) or Smooth Streaming (<SmoothStreamingMedia>).');
      return;
    }
    let sampleEncryptedFmp4 = false;
    if (kind === 'hls' && choice.value === 'auto') {
      // Automatic looks one level down: a stream hls.js cannot decrypt goes to shaka instead.
      const media = firstMediaPlaylistOf(text, url.href);
      const mediaText = media ? await fetch(media, { cache: 'no-store' }).then((r) => (r.ok ? r.text() : ''), () => '') : text;
      if (mine !== session) return;
      sampleEncryptedFmp4 = sampleEncryptedFmp4Of(mediaText);
    }
    const picked = pickPlayer(kind, choice.value as PlayerChoice, { sampleEncryptedFmp4 });
    if ('error' in picked) {
      showError(picked.error);
      return;
    }
    const events = {
      error: (message: string) => mine === session && showError(message),
      changed: () => mine === session && fillSelects(),
    };
    try {
      const started =
        picked.player === 'hlsjs' ? await startHlsjs(video, url.href, events)
        : picked.player === 'shaka' ? await startShaka(video, url.href, events)
        : await startDashjs(video, url.href, events, picked.player === 'dashjs-mss');
      if (mine !== session) {
        started.destroy();
        return;
      }
      adapter = started;
    } catch (e) {
      showError(`${PLAYER_LABELS[picked.player]} could not start: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    overlay.hidden = false;
    overlay.dataset.kind = describeKind(kind);
    fillSelects();
    refreshOverlay();
    timer = window.setInterval(() => {
      refreshOverlay();
      fillSelects();
    }, 500);
  }

  renditionSelect.addEventListener('change', () => adapter?.selectRendition(renditionSelect.value));
  audioSelect.addEventListener('change', () => adapter?.selectAudio(audioSelect.value));
  textSelect.addEventListener('change', () => adapter?.selectText(textSelect.value));

  const form = h(
    'form',
    { class: 'card player-form', novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void preview(true); } },
    h('div', { class: 'field grow' }, h('label', { for: 'player-url' }, 'Custom URL'), urlInput, h('small', { class: 'hint', id: 'player-url-hint' }, 'HLS (.m3u8) plays in hls.js, DASH (.mpd) in dash.js, Smooth (.ism/Manifest) in dash.js with its MSS plugin. Other servers must allow CORS.')),
    h('div', { class: 'field' }, h('label', { for: 'player-choice' }, 'Player'), choice),
    h('div', { class: 'field' }, h('span', { class: 'label', 'aria-hidden': 'true' }, '\u00a0'), h('button', { type: 'submit', class: 'primary' }, 'Preview')),
  );
  if (ctx.query.get('url')) queueMicrotask(() => void preview(false));
  return h('div', {}, pageHeader('Player', 'Preview any HLS, DASH or Smooth Streaming manifest.'), form, errors, h('div', { class: 'stage' }, video, overlay), controls);
};

function setOptions(select: HTMLSelectElement, options: [string, string][], value: string, enabled: boolean): void {
  const same = select.options.length === options.length && options.every(([v, l], i) => select.options[i].value === v && select.options[i].text === l);
  if (!same) select.replaceChildren(...options.map(([v, l]) => h('option', { value: v }, l)));
  if (document.activeElement !== select) select.value = options.some(([v]) => v === value) ? value : options[0]?.[0] ?? '';
  select.disabled = !enabled;
}

function trackLabel(language: string, label: string): string {
  if (!label) return language || 'Unnamed';
  return language && language !== label ? `${label} (${language})` : label;
}

/** The reason in an error body: a JSON `message`, or a short text. */
function readReason(text: string): string {
  try {
    const json = JSON.parse(text);
    if (typeof json?.message === 'string') return json.message;
  } catch {
    // not JSON
  }
  const t = text.trim();
  return t.length > 0 && t.length <= 200 && !t.startsWith('<') ? t : '';
}
