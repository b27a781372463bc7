// Kinora's newer outputs in real players (hls.js, dash.js, shaka-player) in Debian's Chromium:
// HLS-TS with audio muxed and in rendition groups, CMAF/DASH with in-band parameter sets (avc3),
// switching the audio language through each player's API (the decoded pitch proves which track
// plays: the `multi` fixture's English is a 440 Hz tone, its French 660 Hz), and WebVTT subtitles
// (segmented WebVTT in HLS, wvtt in DASH) landing as cues at the times the source gives them.
// Screenshots land in artifacts/screenshots/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closeBrowser, playInBrowser, type CueSeen, type PlayOptions, type PlayResult } from '../support/browser/playInBrowser.ts';
import { explainPlay } from '../support/browser/explainPlay.ts';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { arnOf } from '../../src/catalog/arns.ts';
import { newHash } from '../../src/catalog/newHash.ts';
import { DEFAULT_GROUP_ID } from '../../src/catalog/ensureDefaultPackaging.ts';
import { egressUrls } from '../../src/origin/egressUrls.ts';
import type { PackageSettings } from '../../src/catalog/records.ts';

const screenshots = resolve(import.meta.dirname, '../../artifacts/screenshots');
mkdirSync(screenshots, { recursive: true });

let origin: TestOrigin;
before(async () => {
  origin = await startOrigin({ fixtures: ['ladder', 'multi', 'breaks', 'heaac'], listen: true });
});
after(async () => {
  await closeBrowser();
  await origin?.close();
});

type Asset = 'ladder' | 'multi' | 'breaks' | 'heaac';

function urlOf(asset: Asset, config: string): string {
  const url = origin.urls[asset]?.[config];
  assert.ok(url, `no URL for ${asset}/${config}`);
  return url;
}

async function play(asset: Asset, config: string, options: Omit<PlayOptions, 'url'>): Promise<PlayResult> {
  const tag = [options.player, asset, config, options.audioLanguage && `audio-${options.audioLanguage}`, options.subtitles && `subs-${options.subtitles}`].filter(Boolean).join('-');
  return playInBrowser({ url: urlOf(asset, config), timeoutMs: 90_000, screenshotPath: join(screenshots, `${tag}.png`), ...options });
}

/** Played past `minSeconds` with decoded frames growing and no player error or failed request. */
function assertPlayed(r: PlayResult, minSeconds: number): void {
  assert.deepEqual(r.errors, [], explainPlay(r, 50));
  assert.ok(r.currentTime > minSeconds, `currentTime ${r.currentTime} (need > ${minSeconds})\n${explainPlay(r, 50)}`);
  assert.ok(r.framesGrew && r.totalVideoFrames > 0, explainPlay(r, 50));
  assert.ok(r.ok, explainPlay(r, 50));
}

/** The three ladder renditions were offered and a forced switch to another one was confirmed on screen. */
function assertLadderSwitched(r: PlayResult): void {
  // shaka may drop a variant it judges the (headless, small) screen cannot use; it must still offer a choice
  if (r.player === 'shaka') assert.ok(r.renditions.length >= 2 && r.renditions.length <= 3, explainPlay(r, 50));
  else assert.deepEqual(r.renditions.map((x) => x.height).sort((a, b) => (a ?? 0) - (b ?? 0)), [180, 270, 360], explainPlay(r, 50));
  assert.ok(r.switched?.confirmed, `rendition switch not confirmed\n${explainPlay(r, 50)}`);
  assert.notEqual(r.switched.from, r.switched.to, explainPlay(r, 50));
}

async function manifestText(url: string): Promise<string> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return res.text();
}

describe('players play Kinora HLS-TS and in-band parameter set outputs', { concurrency: 3 }, () => {
  it('hls.js plays HLS-TS (audio muxed into the TS) and survives a forced rendition switch', async () => {
    const m3u8 = await manifestText(urlOf('ladder', 'hls-ts'));
    assert.doesNotMatch(m3u8, /TYPE=AUDIO/, 'hls-ts muxes the audio: no audio rendition group');
    const r = await play('ladder', 'hls-ts', { player: 'hlsjs', switchRendition: true, minSeconds: 10 });
    assertPlayed(r, 10);
    assertLadderSwitched(r);
  });

  it('shaka-player plays HLS-TS with an audio rendition group and survives a forced rendition switch', async () => {
    const m3u8 = await manifestText(urlOf('ladder', 'hls-ts-groups'));
    assert.match(m3u8, /TYPE=AUDIO/, 'hls-ts-groups has an audio rendition group');
    const r = await play('ladder', 'hls-ts-groups', { player: 'shaka', switchRendition: true, minSeconds: 10 });
    assertPlayed(r, 10);
    assertLadderSwitched(r);
    assert.equal(r.audioTracks.length, 1, explainPlay(r, 50));
  });

  it('hls.js plays CMAF with in-band parameter sets (avc3) across a rendition switch', async () => {
    assert.match(await manifestText(urlOf('ladder', 'cmaf-inband')), /CODECS="avc3\./);
    const r = await play('ladder', 'cmaf-inband', { player: 'hlsjs', switchRendition: true, minSeconds: 10 });
    assertPlayed(r, 10);
    assertLadderSwitched(r);
  });

  it("Chromium's own HLS player plays HLS-TS", async () => {
    const r = await play('ladder', 'hls-ts', { player: 'native', minSeconds: 10 });
    assertPlayed(r, 10);
  });

  it('dash.js plays DASH with in-band parameter sets (avc3) across a rendition switch', async () => {
    assert.match(await manifestText(urlOf('ladder', 'dash-inband')), /codecs="avc3\./);
    const r = await play('ladder', 'dash-inband', { player: 'dashjs', switchRendition: true, minSeconds: 10 });
    assertPlayed(r, 10);
    assertLadderSwitched(r);
  });
});

/** Pitch of the `multi` fixture's audio tracks (scripts/fixtures.ts): English 440 Hz, French 660 Hz. */
const PITCH_HZ = { en: 440, fr: 660 } as const;
/** Web Audio FFT bins are 48000 / 8192 ≈ 5.9 Hz wide. */
const PITCH_TOLERANCE_HZ = 20;

function assertAudioSwitchedToFrench(r: PlayResult): void {
  const seen = r.audioTracks.map((t) => `${t.language}/${t.name}`);
  assert.deepEqual(seen, ['en/English', 'fr/Français', 'en/English (commentary)'], explainPlay(r, 50));
  assert.ok(r.audioSwitched, explainPlay(r, 50));
  assert.deepEqual(r.audioSwitched, { from: 'en', to: 'fr', confirmed: true }, explainPlay(r, 50));
  const { beforeSwitch, atEnd } = r.audioPeakHz ?? { beforeSwitch: null, atEnd: null };
  assert.ok(beforeSwitch !== null && Math.abs(beforeSwitch - PITCH_HZ.en) <= PITCH_TOLERANCE_HZ, `English (440 Hz) should play before the switch, heard ${beforeSwitch}\n${explainPlay(r, 50)}`);
  assert.ok(atEnd !== null && Math.abs(atEnd - PITCH_HZ.fr) <= PITCH_TOLERANCE_HZ, `French (660 Hz) should play after the switch, heard ${atEnd}\n${explainPlay(r, 50)}`);
}

describe('players switch the audio language of Kinora output (multi: English -> Français)', { concurrency: 3 }, () => {
  const cases = [
    { name: 'hls.js on CMAF (HLS fMP4)', player: 'hlsjs', config: 'kinora-default-cmaf' },
    { name: 'dash.js on DASH', player: 'dashjs', config: 'kinora-default-dash' },
    { name: 'shaka-player on HLS-TS with audio rendition groups', player: 'shaka', config: 'hls-ts-groups' },
  ] as const;
  for (const c of cases) {
    it(c.name, async () => {
      const r = await play('multi', c.config, { player: c.player, audioLanguage: 'fr', minSeconds: 8 });
      assertPlayed(r, 8);
      assertAudioSwitchedToFrench(r);
    });
  }
});

/** Cues cut at a segment or sample boundary (wvtt carries a cue once per sample it spans) joined back into one. */
function joinSplitCues(cues: CueSeen[]): CueSeen[] {
  const out: CueSeen[] = [];
  for (const c of [...cues].sort((a, b) => a.start - b.start)) {
    const last = out.at(-1);
    if (last && last.text === c.text && c.start <= last.end + 0.05) last.end = Math.max(last.end, c.end);
    else out.push({ ...c });
  }
  return out;
}

/** Subtitles of the `multi` fixture: cue k reads `<word> k <b><lang></b>`, from 2k s to 2k + 1.5 s (the first one clipped to 0). */
const SUBTITLE_WORD = { en: 'Cue', fr: 'Réplique' } as const;
const CUE_COUNT = 6;
const CUE_TOLERANCE_S = 0.5;

function assertSubtitles(r: PlayResult, language: 'en' | 'fr'): void {
  const showing = r.textTracks.filter((t) => t.mode === 'showing');
  assert.equal(showing.length, 1, `one text track showing\n${explainPlay(r, 50)}`);
  const track = showing[0]!;
  assert.equal(track.language, language, explainPlay(r, 50));
  const cues = joinSplitCues(track.cues);
  const word = SUBTITLE_WORD[language];
  for (const c of cues) assert.match(c.text, new RegExp(`^${word} \\d+ <b>${language}</b>$`), `cue of another track in the ${language} track: ${JSON.stringify(c)}\n${explainPlay(r, 50)}`);
  assert.equal(cues.length, CUE_COUNT, `cues: ${JSON.stringify(cues)}\n${explainPlay(r, 50)}`);
  for (let k = 0; k < CUE_COUNT; k++) {
    const cue = cues.find((c) => c.text === `${word} ${k} <b>${language}</b>`);
    assert.ok(cue, `cue ${k} missing: ${JSON.stringify(cues)}`);
    assert.ok(Math.abs(cue.start - 2 * k) <= CUE_TOLERANCE_S, `cue ${k} starts at ${cue.start}, expected about ${2 * k}: ${JSON.stringify(cues)}`);
    assert.ok(Math.abs(cue.end - (2 * k + 1.5)) <= CUE_TOLERANCE_S, `cue ${k} ends at ${cue.end}, expected about ${2 * k + 1.5}: ${JSON.stringify(cues)}`);
  }
}

describe('players show the WebVTT subtitles of Kinora output (multi)', { concurrency: 3 }, () => {
  const cases = [
    { name: 'hls.js shows the English segmented WebVTT of CMAF (HLS)', player: 'hlsjs', config: 'kinora-default-cmaf', language: 'en' },
    { name: 'dash.js shows the French wvtt of DASH', player: 'dashjs', config: 'kinora-default-dash', language: 'fr' },
    { name: 'shaka-player shows the English wvtt of DASH', player: 'shaka', config: 'kinora-default-dash', language: 'en' },
  ] as const;
  for (const c of cases) {
    it(c.name, async () => {
      const r = await play('multi', c.config, { player: c.player, subtitles: c.language, minSeconds: 8 });
      assertPlayed(r, 8);
      assertSubtitles(r, c.language);
    });
  }
});

/** Adds a configuration to the default group and returns the URL of its first manifest for `asset`. */
async function addConfiguration(id: string, settings: PackageSettings, asset: Asset): Promise<string> {
  await origin.kinora.catalog.putConfiguration({ id, packagingGroupId: DEFAULT_GROUP_ID, arn: arnOf('packaging-configurations', id), hash: newHash(), createdAt: new Date().toISOString(), tags: {}, ...settings });
  const group = (await origin.kinora.catalog.getGroup(DEFAULT_GROUP_ID))!;
  return egressUrls(origin.baseUrl, group, [(await origin.kinora.catalog.getConfiguration(id))!], origin.assets[asset])[0].url;
}

describe('players cross the Periods of a multi-period DASH with SCTE-35 events (breaks: programme, ad, programme)', { concurrency: 3 }, () => {
  let url: Promise<string> | undefined;
  // periodTriggers ADS with SCTE-35 from the source playlists: three Periods, the ad and return ones opening with a splice_insert Event.
  const ads = () => (url ??= addConfiguration('dash-ads', { dashPackage: { dashManifests: [{ scteMarkersSource: 'MANIFEST' }], periodTriggers: ['ADS'] } }, 'breaks'));
  for (const player of ['dashjs', 'shaka'] as const) {
    it(`${player} plays across both Period boundaries (8 s and 12 s) to 16 s`, async () => {
      const mpd = await manifestText(await ads());
      assert.equal(mpd.match(/<Period /g)?.length, 3);
      assert.equal(mpd.match(/<EventStream schemeIdUri="urn:scte:scte35:2013:xml"/g)?.length, 2);
      const r = await playInBrowser({ url: await ads(), player, minSeconds: 16, timeoutMs: 90_000, screenshotPath: join(screenshots, `${player}-breaks-dash-ads.png`) });
      assertPlayed(r, 16);
    });
  }
});

describe('hls.js plays HLS-TS with SCTE-35 ad markers across the break (breaks)', () => {
  it('SCTE35_ENHANCED: CUE-OUT at 8 s and CUE-IN at 12 s in the playlist, played to 16 s', async () => {
    const url = await addConfiguration('hls-ts-ads', { hlsPackage: { hlsManifests: [{ adMarkers: 'SCTE35_ENHANCED' }], segmentDurationSeconds: 2, useAudioRenditionGroup: true } }, 'breaks');
    const media = await manifestText(new URL('v1/media-index.m3u8', url).href);
    assert.match(media, /#EXT-X-CUE-OUT:4\.000\n#EXTINF[^\n]*\n5\.ts\n/, 'the break starts with segment 5 (8 s)');
    assert.match(media, /#EXT-X-CUE-IN\n#EXTINF[^\n]*\n7\.ts\n/, 'and ends with segment 7 (12 s)');
    const r = await playInBrowser({ url, player: 'hlsjs', minSeconds: 16, timeoutMs: 90_000, screenshotPath: join(screenshots, 'hlsjs-breaks-hls-ts-ads.png') });
    assertPlayed(r, 16);
  });
});

describe('dash.js with its MSS plugin shows the TTML text streams of Smooth (multi)', () => {
  it('the French text stream is selected and its cues land at the source times', async () => {
    const xml = await manifestText(urlOf('multi', 'mss-2s'));
    assert.match(xml, /<StreamIndex Type="text" Name="text_2" Subtype="SUBT" Language="fr"[^>]*>\s*<QualityLevel Index="0" Bitrate="\d+" FourCC="TTML"/);
    const r = await play('multi', 'mss-2s', { player: 'dashjs-mss', minSeconds: 8, subtitles: 'fr' });
    assertPlayed(r, 8);
    const showing = r.textTracks.filter((t) => t.mode === 'showing');
    assert.deepEqual(showing.map((t) => t.language), ['fr'], explainPlay(r, 50));
    // dash.js renders styled TTML into a div, so the native cues carry times, not text.
    const starts = showing[0].cues.map((c) => c.start).slice(0, 4);
    const expected = [0, 1.941, 3.941, 5.941];
    assert.equal(starts.length, 4, explainPlay(r, 50));
    starts.forEach((s, k) => assert.ok(Math.abs(s - expected[k]) < 0.1, `cue ${k} at ${s}, expected ${expected[k]}\n${explainPlay(r, 50)}`));
  });
});

describe('HE-AAC (explicit signalling, mp4a.40.5) plays', { concurrency: 2 }, () => {
  for (const [player, config] of [['dashjs', 'kinora-default-dash'], ['hlsjs', 'kinora-default-cmaf']] as const) {
    it(`${player} plays ${config} with HE-AAC audio`, async () => {
      const r = await play('heaac', config, { player, minSeconds: 8 });
      assertPlayed(r, 8);
    });
  }
});
