// Browser-side half of playInBrowser.ts. Plain JS (not type-checked), loaded by the
// generated player page after the player library. Node drives it with
// window.__kinoraStart(config) and polls window.__kinoraSnapshot().
(function () {
  'use strict';
  var video = document.getElementById('v');
  var S = (window.__kinora = {
    player: null,
    startedAt: performance.now(),
    playing: false,
    ended: false,
    fatal: false,
    currentTime: 0,
    totalVideoFrames: 0,
    droppedVideoFrames: 0,
    videoWidth: 0,
    videoHeight: 0,
    renditions: [],
    current: null,
    switched: null,
    audioTracks: [],
    audioSwitched: null,
    audioPeakHz: null,
    audioPeakBeforeSwitchHz: null,
    textTracks: [],
    errors: [],
    log: [],
  });
  var cfg = null;
  var playStartPos = null;
  var switchState = null; // { from, to, toHeight, fromHeight, eventSeen, atTime }

  function stamp() {
    return ((performance.now() - S.startedAt) / 1000).toFixed(2) + 's';
  }
  function log(msg) {
    S.log.push(stamp() + ' ' + msg);
    if (S.log.length > 400) S.log.splice(0, S.log.length - 400);
  }
  function err(msg, fatal) {
    S.errors.push(msg);
    log('ERROR ' + msg + (fatal ? ' (fatal)' : ''));
    if (fatal) S.fatal = true;
  }
  function short(v) {
    try {
      var s = typeof v === 'string' ? v : JSON.stringify(v);
      return s && s.length > 300 ? s.slice(0, 300) + '...' : String(s);
    } catch (e) {
      return String(v);
    }
  }
  window.addEventListener('error', function (e) {
    err('window error: ' + (e.message || e), false);
  });
  window.addEventListener('unhandledrejection', function (e) {
    var r = e.reason;
    err('unhandled rejection: ' + (r && r.message ? r.message : short(r)), false);
  });

  // ---- video element ----
  video.addEventListener('error', function () {
    var me = video.error;
    err('video element error: code=' + (me ? me.code : '?') + ' ' + (me && me.message ? me.message : ''), true);
  });
  ['loadedmetadata', 'canplay', 'waiting', 'seeking', 'seeked', 'pause', 'resize'].forEach(function (name) {
    video.addEventListener(name, function () {
      log('video ' + name + ' t=' + video.currentTime.toFixed(2) + ' ' + video.videoWidth + 'x' + video.videoHeight);
    });
  });
  video.addEventListener('playing', function () {
    S.playing = true;
    if (playStartPos === null) playStartPos = video.currentTime;
    log('video playing t=' + video.currentTime.toFixed(2));
  });
  video.addEventListener('ended', function () {
    S.ended = true;
    log('video ended t=' + video.currentTime.toFixed(2));
  });
  video.addEventListener('timeupdate', function () {
    maybeSwitch();
    checkSwitchConfirmed();
    maybeSwitchAudio();
    checkAudioConfirmed();
  });

  function setRenditions(list) {
    S.renditions = list;
    log('renditions: ' + list.map(function (r) { return r.id + '@' + r.bitrate + (r.height ? '/' + r.height + 'p' : ''); }).join(', '));
  }

  // ---- forced switch (player-specific parts below) ----
  var adapter = null; // { list(): renditions, current(): id|null, select(id) }

  function maybeSwitch() {
    if (!cfg || !cfg.switchRendition || S.switched || !adapter || playStartPos === null) return;
    if (video.currentTime - playStartPos < (cfg.switchAfter || 3)) return;
    var list = adapter.list();
    if (list.length) S.renditions = list;
    var cur = adapter.current();
    if (list.length < 2) {
      S.switched = { from: cur || '', to: '', confirmed: false };
      err(cfg.player === 'native'
        ? 'switchRendition is not supported with the native player (no rendition API)'
        : 'switchRendition: only ' + list.length + ' video rendition(s) available', false);
      return;
    }
    var idx = -1;
    for (var i = 0; i < list.length; i++) if (list[i].id === cur) idx = i;
    // Go to the other end of the ladder: lowest from the top, highest otherwise.
    var target = idx === list.length - 1 ? list[0] : list[list.length - 1];
    if (target.id === cur) target = list[0];
    var from = idx >= 0 ? list[idx] : null;
    switchState = {
      from: cur || '',
      to: target.id,
      fromHeight: from ? from.height : undefined,
      toHeight: target.height,
      eventSeen: false,
      eventPos: null,
    };
    S.switched = { from: cur || '', to: target.id, confirmed: false };
    log('switch: requesting ' + (cur || '?') + ' -> ' + target.id + ' at t=' + video.currentTime.toFixed(2));
    try {
      adapter.select(target.id);
    } catch (e) {
      err('switch: select failed: ' + (e && e.message ? e.message : short(e)), false);
    }
  }

  function switchEvent(id, what) {
    if (!switchState) return;
    log('switch: ' + what + ' reports ' + id);
    if (String(id) === switchState.to && !switchState.eventSeen) {
      switchState.eventSeen = true;
      switchState.eventPos = video.currentTime;
    }
    checkSwitchConfirmed();
  }

  // Confirmed = the player reported the target rendition as playing, the decoded
  // picture has the target's height (when the ladder's heights tell them apart),
  // and playback advanced at least 1 s after that.
  function checkSwitchConfirmed() {
    if (!switchState || S.switched.confirmed || !switchState.eventSeen) return;
    var h = switchState.toHeight;
    var heightDiffers = h && switchState.fromHeight && h !== switchState.fromHeight;
    if (heightDiffers && video.videoHeight !== h) return;
    if (video.currentTime - switchState.eventPos < 1) return;
    S.switched.confirmed = true;
    log('switch: confirmed ' + switchState.to + ' (' + video.videoWidth + 'x' + video.videoHeight + ') at t=' + video.currentTime.toFixed(2));
  }

  // ---- audio language switch (player-specific parts in each start*) ----
  // audioAdapter: { tracks(): [{ id, language, name }], active(): track|null, select(track) }
  var audioAdapter = null;
  var audioState = null; // { to, toName, eventSeen, eventPos }
  var ISO639_2 = { eng: 'en', fra: 'fr', fre: 'fr', deu: 'de', ger: 'de', spa: 'es', ita: 'it', por: 'pt' };

  /** True when a track's language tag names the wanted language ('fr' matches 'fr', 'fr-CA', 'fra', 'fre'). */
  function langMatches(tag, want) {
    if (!tag || !want) return false;
    var a = String(tag).toLowerCase().split(/[-_]/)[0];
    var b = String(want).toLowerCase().split(/[-_]/)[0];
    return (ISO639_2[a] || a) === (ISO639_2[b] || b);
  }

  function describeAudio(t) {
    return t ? t.language + (t.name ? ' (' + t.name + ')' : '') : '?';
  }

  function refreshAudioTracks() {
    if (!audioAdapter) return;
    try {
      var list = audioAdapter.tracks();
      if (list.length) S.audioTracks = list.map(function (t) { return { language: t.language, name: t.name }; });
    } catch (e) { /* not ready */ }
  }

  function maybeSwitchAudio() {
    if (!cfg || !cfg.audioLanguage || S.audioSwitched || !audioAdapter || playStartPos === null) return;
    if (video.currentTime - playStartPos < (cfg.audioSwitchAfter || 2)) return;
    var list = audioAdapter.tracks();
    S.audioTracks = list.map(function (t) { return { language: t.language, name: t.name }; });
    var cur = audioAdapter.active();
    var from = cur ? cur.language : '';
    S.audioPeakBeforeSwitchHz = S.audioPeakHz;
    var target = list.filter(function (t) { return langMatches(t.language, cfg.audioLanguage); })[0];
    if (!target) {
      S.audioSwitched = { from: from, to: '', confirmed: false };
      err('audioLanguage: no audio track in "' + cfg.audioLanguage + '" among [' + list.map(describeAudio).join(', ') + ']', false);
      return;
    }
    if (cur && langMatches(cur.language, cfg.audioLanguage)) {
      S.audioSwitched = { from: from, to: target.language, confirmed: false };
      err('audioLanguage: "' + cfg.audioLanguage + '" is already the active audio track (' + describeAudio(cur) + '), nothing to switch', false);
      return;
    }
    audioState = { to: target.language, toName: target.name, eventSeen: false, eventPos: null };
    S.audioSwitched = { from: from, to: target.language, confirmed: false };
    log('audio: requesting ' + describeAudio(cur) + ' -> ' + describeAudio(target) + ' at t=' + video.currentTime.toFixed(2) +
      (S.audioPeakHz ? ' (audio peak ' + S.audioPeakHz + ' Hz)' : ''));
    try {
      audioAdapter.select(target);
    } catch (e) {
      err('audio: select failed: ' + (e && e.message ? e.message : short(e)), false);
    }
  }

  /** A player event says this audio language (and name, when it has one) is now the one playing. */
  function audioEvent(language, name, what) {
    if (!audioState) return;
    log('audio: ' + what + ' reports ' + language + (name ? ' (' + name + ')' : ''));
    if (langMatches(language, audioState.to) && (!name || !audioState.toName || name === audioState.toName) && !audioState.eventSeen) {
      audioState.eventSeen = true;
      audioState.eventPos = video.currentTime;
    }
    checkAudioConfirmed();
  }

  // Confirmed = a player event reported the target track, the player's API still says it
  // is the active one, and playback advanced at least 1 s after the event.
  function checkAudioConfirmed() {
    if (!audioState || S.audioSwitched.confirmed || !audioState.eventSeen) return;
    if (video.currentTime - audioState.eventPos < 1) return;
    var cur = audioAdapter.active();
    if (!cur || !langMatches(cur.language, audioState.to)) return;
    S.audioSwitched.confirmed = true;
    log('audio: confirmed ' + describeAudio(cur) + ' at t=' + video.currentTime.toFixed(2));
  }

  // The dominant frequency of what the element decodes, through Web Audio: the fixtures'
  // audio tracks are sine tones of different pitches, so this tells which one plays.
  // The element is unmuted but routed through a zero gain, so nothing is heard.
  var analyser = null;
  var audioCtx = null;
  function startAudioProbe() {
    try {
      var AC = window.AudioContext || window.webkitAudioContext;
      audioCtx = new AC();
      var src = audioCtx.createMediaElementSource(video);
      analyser = audioCtx.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0;
      var silent = audioCtx.createGain();
      silent.gain.value = 0;
      src.connect(analyser);
      analyser.connect(silent);
      silent.connect(audioCtx.destination);
      video.muted = false;
      video.addEventListener('playing', function () {
        if (audioCtx.state !== 'running') audioCtx.resume().catch(function () {});
      });
    } catch (e) {
      log('audio probe unavailable: ' + (e && e.message));
      analyser = null;
    }
  }
  /** Peak bin between 100 Hz and 1500 Hz, or null when the signal is silent. */
  function measureAudioPeak() {
    if (!analyser || video.paused) return;
    var bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    var hzPerBin = audioCtx.sampleRate / analyser.fftSize;
    var best = -Infinity;
    var bestBin = -1;
    for (var i = Math.ceil(100 / hzPerBin); i < Math.min(bins.length, 1500 / hzPerBin); i++) {
      if (bins[i] > best) { best = bins[i]; bestBin = i; }
    }
    var hz = best > -70 && bestBin >= 0 ? Math.round(bestBin * hzPerBin) : null;
    if (hz !== S.audioPeakHz) log('audio peak ' + (hz === null ? 'silent' : hz + ' Hz') + ' at t=' + video.currentTime.toFixed(2));
    S.audioPeakHz = hz;
  }

  // ---- subtitles (player-specific selection in each start*) ----
  function whenPlaying(fn) {
    if (playStartPos !== null) return fn();
    video.addEventListener('playing', function once() {
      video.removeEventListener('playing', once);
      fn();
    });
  }
  var textSelected = false;
  /** The cues the browser holds: the element's text tracks, where all three players render. */
  function readTextTracks() {
    var out = [];
    var tracks = video.textTracks || [];
    for (var i = 0; i < tracks.length; i++) {
      var t = tracks[i];
      var cues = [];
      var list = t.mode !== 'disabled' && t.cues ? t.cues : [];
      for (var j = 0; j < list.length && j < 200; j++) {
        cues.push({ start: list[j].startTime, end: list[j].endTime, text: list[j].text });
      }
      out.push({ language: t.language, label: t.label, kind: t.kind, mode: t.mode, cues: cues });
    }
    return out;
  }
  /** Selects the subtitle track of cfg.subtitles once the player lists its tracks; `tracks` are { language, name }. */
  function selectSubtitles(tracks, select, what) {
    if (!cfg.subtitles || textSelected) return;
    var idx = -1;
    for (var i = 0; i < tracks.length; i++) if (idx < 0 && langMatches(tracks[i].language, cfg.subtitles)) idx = i;
    log('subtitles: ' + what + ' lists [' + tracks.map(describeAudio).join(', ') + ']');
    if (idx < 0) {
      textSelected = true;
      err('subtitles: no text track in "' + cfg.subtitles + '" among [' + tracks.map(describeAudio).join(', ') + ']', false);
      return;
    }
    textSelected = true;
    log('subtitles: selecting ' + describeAudio(tracks[idx]) + ' (index ' + idx + ')');
    try {
      select(idx);
    } catch (e) {
      err('subtitles: select failed: ' + (e && e.message ? e.message : short(e)), false);
    }
  }

  // ---- helpers ----
  function hexToBytes(hex) {
    hex = hex.replace(/[^0-9a-fA-F]/g, '');
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
    return out;
  }
  function b64url(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function play() {
    var p = video.play();
    if (p && p.catch) p.catch(function (e) { log('video.play() rejected: ' + (e && e.message)); });
  }

  // ---- players ----
  function startHlsjs() {
    var Hls = window.Hls;
    if (!Hls || !Hls.isSupported()) return err('hls.js not supported in this browser', true);
    var BENIGN = { bufferStalledError: 1, bufferNudgeOnStall: 1, bufferSeekOverHole: 1, bufferFullError: 1 };
    var hls = new Hls({ debug: false, enableWorker: true });
    window.__hls = hls;
    function list() {
      return (hls.levels || []).map(function (l, i) {
        return { id: String(i), bitrate: l.bitrate, height: l.height || undefined };
      });
    }
    adapter = {
      list: list,
      current: function () {
        var c = hls.currentLevel;
        if (c < 0) c = hls.loadLevel;
        return c >= 0 ? String(c) : null;
      },
      select: function (id) {
        hls.currentLevel = Number(id); // immediate switch, disables auto level
      },
    };
    hls.on(Hls.Events.ERROR, function (_ev, d) {
      var code = d.response && d.response.code;
      var url = d.url || (d.frag && d.frag.url) || (d.context && d.context.url) || '';
      var msg = 'hls.js ' + d.type + '/' + d.details + (code ? ' HTTP ' + code : '') + (url ? ' ' + url : '') +
        (d.reason ? ' ' + d.reason : '') + (d.error && d.error.message ? ' ' + d.error.message : '');
      // A single append that did not grow the buffer is normal on an up-switch that
      // replaces buffered media; hls.js only acts once it reaches appendErrorMaxRetry.
      var noProgressBenign = d.details === 'bufferAppendNoProgress' &&
        (d.appendsWithoutProgress || 0) < (hls.config.appendErrorMaxRetry || 3);
      // The forced switch (currentLevel) cancels in-flight fragment loads on purpose; like the
      // net::ERR_ABORTED requests the harness already ignores, a non-fatal abort is not a failure.
      var abortBenign = d.details === 'aborted' || d.reason === 'Aborted';
      if (!d.fatal && (BENIGN[d.details] || noProgressBenign || abortBenign)) log('non-fatal ' + msg);
      else err(msg, !!d.fatal);
    });
    hls.on(Hls.Events.MANIFEST_PARSED, function (_ev, d) {
      log('hls.js MANIFEST_PARSED levels=' + d.levels.length);
      setRenditions(list());
      play();
    });
    hls.on(Hls.Events.LEVEL_SWITCHING, function (_ev, d) { log('hls.js LEVEL_SWITCHING ' + d.level); });
    hls.on(Hls.Events.LEVEL_SWITCHED, function (_ev, d) {
      S.current = String(d.level);
      log('hls.js LEVEL_SWITCHED ' + d.level);
      switchEvent(String(d.level), 'LEVEL_SWITCHED');
    });
    function hlsAudio(t, i) {
      return t ? { id: i, language: t.lang || '', name: t.name || '' } : null;
    }
    audioAdapter = {
      tracks: function () { return (hls.audioTracks || []).map(hlsAudio); },
      active: function () { return hlsAudio((hls.audioTracks || [])[hls.audioTrack], hls.audioTrack); },
      select: function (t) { hls.audioTrack = t.id; },
    };
    hls.on(Hls.Events.AUDIO_TRACKS_UPDATED, function (_ev, d) {
      log('hls.js AUDIO_TRACKS_UPDATED ' + d.audioTracks.map(function (t) { return t.lang + '/' + t.name; }).join(', '));
      refreshAudioTracks();
    });
    hls.on(Hls.Events.AUDIO_TRACK_SWITCHED, function (_ev, d) {
      audioEvent(d.lang || '', d.name || '', 'AUDIO_TRACK_SWITCHED');
    });
    hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, function (_ev, d) {
      var tracks = d.subtitleTracks.map(function (t) { return { language: t.lang || '', name: t.name || '' }; });
      selectSubtitles(tracks, function (idx) {
        hls.subtitleDisplay = true;
        hls.subtitleTrack = idx;
      }, 'hls.js SUBTITLE_TRACKS_UPDATED');
    });
    hls.on(Hls.Events.SUBTITLE_TRACK_SWITCH, function (_ev, d) { log('hls.js SUBTITLE_TRACK_SWITCH ' + d.id + ' ' + (d.lang || '')); });
    hls.on(Hls.Events.SUBTITLE_FRAG_PROCESSED, function (_ev, d) {
      log('hls.js SUBTITLE_FRAG_PROCESSED sn=' + (d.frag && d.frag.sn) + ' success=' + d.success);
    });
    hls.loadSource(cfg.url);
    hls.attachMedia(video);
  }

  function startDashjs() {
    var dashjs = window.dashjs;
    if (!dashjs) return err('dash.js not loaded', true);
    var player = dashjs.MediaPlayer().create();
    window.__dash = player;
    var ev = dashjs.MediaPlayer.events;
    player.updateSettings({ debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING } });
    function list() {
      var reps = [];
      try { reps = player.getRepresentationsByType('video') || []; } catch (e) { reps = []; }
      return reps
        .map(function (r) { return { id: String(r.id), bitrate: r.bandwidth, height: r.height || undefined }; })
        .sort(function (a, b) { return a.bitrate - b.bitrate; });
    }
    adapter = {
      list: list,
      current: function () {
        var r = player.getCurrentRepresentationForType('video');
        return r ? String(r.id) : null;
      },
      select: function (id) {
        player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: false } } } });
        player.setRepresentationForTypeById('video', id, true);
      },
    };
    player.on(ev.ERROR, function (e) {
      var er = e.error || e;
      err('dash.js error code=' + er.code + ' ' + (er.message || '') + (er.data ? ' ' + short(er.data) : ''), false);
    });
    if (ev.PLAYBACK_ERROR) {
      player.on(ev.PLAYBACK_ERROR, function (e) {
        var pe = e.error || {};
        err('dash.js playback error code=' + pe.code + ' ' + (pe.message || short(pe)), false);
      });
    }
    player.on(ev.STREAM_INITIALIZED, function () {
      log('dash.js STREAM_INITIALIZED');
      setRenditions(list());
    });
    player.on(ev.QUALITY_CHANGE_REQUESTED, function (e) {
      if (e.mediaType === 'video') log('dash.js QUALITY_CHANGE_REQUESTED ' + (e.newRepresentation && e.newRepresentation.id));
    });
    player.on(ev.QUALITY_CHANGE_RENDERED, function (e) {
      if (e.mediaType !== 'video' || !e.newRepresentation) return;
      S.current = String(e.newRepresentation.id);
      switchEvent(String(e.newRepresentation.id), 'QUALITY_CHANGE_RENDERED');
    });
    function label(m) {
      var l = m && m.labels && m.labels[0];
      return l ? String(l.text !== undefined ? l.text : l) : '';
    }
    function dashAudio(m) {
      return m ? { id: m, language: m.lang || '', name: label(m) } : null;
    }
    audioAdapter = {
      tracks: function () { return (player.getTracksFor('audio') || []).map(dashAudio); },
      active: function () { return dashAudio(player.getCurrentTrackFor('audio')); },
      select: function (t) { player.setCurrentTrack(t.id); },
    };
    player.on(ev.TRACK_CHANGE_RENDERED, function (e) {
      if (e.mediaType !== 'audio' || !e.newMediaInfo) return;
      audioEvent(e.newMediaInfo.lang || '', label(e.newMediaInfo), 'TRACK_CHANGE_RENDERED');
    });
    // Selected once playback started: dash.js 5.2.1 switching text tracks before its text stream
    // started (right at TEXT_TRACKS_ADDED) shows the new native track but keeps fetching the
    // first text AdaptationSet, so the first language's cues land in the chosen track.
    player.on(ev.TEXT_TRACKS_ADDED, function (e) {
      var tracks = (e.tracks || []).map(function (t) { return { language: t.lang || '', name: label(t) }; });
      whenPlaying(function () {
        selectSubtitles(tracks, function (idx) {
          player.enableText(true);
          player.setTextTrack(idx);
        }, 'dash.js TEXT_TRACKS_ADDED');
      });
    });
    if (cfg.clearKeys) {
      var keys = {};
      Object.keys(cfg.clearKeys).forEach(function (kid) {
        keys[b64url(hexToBytes(kid))] = b64url(hexToBytes(cfg.clearKeys[kid]));
      });
      player.setProtectionData({ 'org.w3.clearkey': { clearkeys: keys } });
    }
    if (cfg.smooth && typeof dashjs.MssHandler !== 'function') err('dash.js MSS plugin not loaded', true);
    // Styled TTML (Smooth text streams, stpp) is rendered by dash.js into a div; without one it refuses to show it.
    var ttmlDiv = document.createElement('div');
    ttmlDiv.id = 'ttml-rendering';
    document.body.appendChild(ttmlDiv);
    player.initialize(video, cfg.url, true);
    player.attachTTMLRenderingDiv(ttmlDiv);
  }

  function startShaka() {
    var shaka = window.shaka;
    if (!shaka) return err('shaka not loaded', true);
    shaka.polyfill.installAll();
    if (cfg.playerLog && shaka.log && shaka.log.setLevel) shaka.log.setLevel(shaka.log.Level.DEBUG);
    if (!shaka.Player.isBrowserSupported()) return err('shaka: browser not supported', true);
    var player = new shaka.Player();
    window.__shaka = player;
    function activeAudio() {
      var a = player.getVariantTracks().filter(function (t) { return t.active; })[0];
      return a ? a.audioId : undefined;
    }
    function videoVariants() {
      var aid = activeAudio();
      var seen = {};
      return player.getVariantTracks()
        .filter(function (t) { return aid === undefined || t.audioId === aid; })
        .filter(function (t) { var k = String(t.videoId); if (seen[k]) return false; seen[k] = 1; return true; })
        .sort(function (a, b) { return (a.videoBandwidth || a.bandwidth) - (b.videoBandwidth || b.bandwidth); });
    }
    function list() {
      return videoVariants().map(function (t) {
        return { id: String(t.id), bitrate: t.videoBandwidth || t.bandwidth, height: t.height || undefined };
      });
    }
    function reportActive(what) {
      var a = player.getVariantTracks().filter(function (t) { return t.active; })[0];
      if (!a) return;
      S.current = String(a.id);
      log('shaka ' + what + ' active=' + a.id + ' ' + (a.height || '?') + 'p');
      switchEvent(String(a.id), what);
    }
    adapter = {
      list: list,
      current: function () {
        var a = player.getVariantTracks().filter(function (t) { return t.active; })[0];
        return a ? String(a.id) : null;
      },
      select: function (id) {
        player.configure({ abr: { enabled: false } });
        var t = player.getVariantTracks().filter(function (x) { return String(x.id) === id; })[0];
        if (!t) throw new Error('shaka: no variant ' + id);
        player.selectVariantTrack(t, true);
      },
    };
    player.addEventListener('error', function (e) {
      var d = e.detail || {};
      err('shaka error code=' + d.code + ' category=' + d.category + ' severity=' + d.severity + ' data=' + short(d.data), d.severity === 2);
    });
    // shaka 5 has no selectAudioLanguage / selectTextLanguage / setTextTrackVisibility any more:
    // selectAudioTrack(getAudioTracks()[i]) and selectTextTrack(getTextTracks()[i]) (which also
    // makes text visible) are its track API. Without a video container it renders text with its
    // NativeTextDisplayer, i.e. into video.textTracks like hls.js and dash.js.
    function shakaAudio(t) {
      return t ? { id: t, language: t.language || '', name: t.label || '' } : null;
    }
    audioAdapter = {
      tracks: function () { return player.getAudioTracks().map(shakaAudio); },
      active: function () { return shakaAudio(player.getAudioTracks().filter(function (t) { return t.active; })[0]); },
      select: function (t) { player.selectAudioTrack(t.id); },
    };
    player.addEventListener('variantchanged', function () {
      reportActive('variantchanged');
      var a = audioAdapter.active();
      if (a) audioEvent(a.language, a.name, 'variantchanged');
    });
    player.addEventListener('audiotrackschanged', function () { refreshAudioTracks(); });
    player.addEventListener('textchanged', function () {
      var t = player.getTextTracks().filter(function (x) { return x.active; })[0];
      log('shaka textchanged active=' + (t ? t.language + '/' + t.label : 'none'));
    });
    player.addEventListener('adaptation', function () { reportActive('adaptation'); });
    // Text prefetch is off: shaka 5.2 keeps an aborted init-segment prefetch in its cache and
    // re-reads it forever (shaka-player#10569, fix open in #10587). Its start-up gap jump (video
    // starting 21 ms after audio) aborts the in-flight text init request, and the track then shows
    // no cues. The console's shaka runs with the same setting.
    var conf = { streaming: { disableTextPrefetch: true } };
    if (cfg.clearKeys) conf.drm = { clearKeys: cfg.clearKeys };
    // The wanted subtitles are a preference before load, as a shaka user sets them: shaka then
    // streams that text from the start. Switching text right after load races the start-up seek,
    // which can abort the text init request and leave the track showing without cues.
    if (cfg.subtitles) conf.preferredText = [{ language: cfg.subtitles, role: '', format: '', forced: false }];
    player.configure(conf);
    player.attach(video)
      .then(function () { return player.load(cfg.url); })
      .then(function () {
        log('shaka loaded');
        setRenditions(list());
        refreshAudioTracks();
        var texts = player.getTextTracks();
        selectSubtitles(texts.map(function (t) { return { language: t.language || '', name: t.label || '' }; }), function (idx) {
          player.selectTextTrack(texts[idx]);
        }, 'shaka getTextTracks');
        play();
      })
      .catch(function (e) {
        err('shaka load failed code=' + (e && e.code) + ' ' + (e && e.message ? e.message : '') + ' data=' + short(e && e.data), true);
      });
  }

  function startNative() {
    adapter = { list: function () { return []; }, current: function () { return null; }, select: function () {} };
    if (cfg.audioLanguage) err('audioLanguage is not supported with the native player (no track API)', true);
    if (cfg.subtitles) err('subtitles is not supported with the native player (no track API)', true);
    video.src = cfg.url;
    play();
  }

  window.__kinoraStart = function (config) {
    cfg = config;
    S.player = config.player;
    log('start ' + config.player + ' ' + config.url);
    if (config.audioLanguage && config.player !== 'native') startAudioProbe();
    try {
      if (config.player === 'hlsjs') startHlsjs();
      else if (config.player === 'dashjs') startDashjs();
      else if (config.player === 'dashjs-mss') {
        cfg.smooth = true;
        startDashjs();
      }
      else if (config.player === 'shaka') startShaka();
      else if (config.player === 'native') startNative();
      else err('unknown player ' + config.player, true);
    } catch (e) {
      err('start failed: ' + (e && e.stack ? e.stack : short(e)), true);
    }
    return true;
  };

  window.__kinoraSnapshot = function () {
    S.currentTime = video.currentTime;
    var q = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
    S.totalVideoFrames = q ? q.totalVideoFrames : 0;
    S.droppedVideoFrames = q ? q.droppedVideoFrames : 0;
    S.videoWidth = video.videoWidth;
    S.videoHeight = video.videoHeight;
    maybeSwitch();
    checkSwitchConfirmed();
    measureAudioPeak();
    maybeSwitchAudio();
    checkAudioConfirmed();
    if (S.audioTracks.length === 0) refreshAudioTracks();
    S.textTracks = readTextTracks();
    if (adapter && cfg && cfg.player !== 'native' && S.renditions.length === 0) {
      try { var l = adapter.list(); if (l.length) S.renditions = l; } catch (e) { /* not ready */ }
    }
    return JSON.parse(JSON.stringify(S));
  };
})();
