/**
 * `npm run bench`: throughput, manifest latency and memory of the Kinora
 * origin, against a static-file baseline serving the very same bytes.
 *
 * Every server runs in its own child process (`serveOrigin.ts`,
 * `serveStatic.ts`) so its RSS is its own and it never shares an event loop
 * with the load generator (`loadGenerator.ts`), which runs here.
 *
 * 1. Ingest `ladder` and `long` once into a temp data dir (a child that exits).
 * 2. Memory: a fresh cold origin serves every segment URL of the 30-minute
 *    `long` asset once (cmaf + dash); peak RSS is VmHWM of that process. The
 *    same for the 30-second `ladder` in another fresh process, for comparison.
 * 3. Three servers side by side: cold (segment cache disabled, so every
 *    request packages from the source), warm (`segmentCacheBytes` 256 MB,
 *    after a priming pass) and static (the segments the cold origin packaged,
 *    served from disk). For DASH, then CMAF segment URLs of `ladder`, they
 *    take turns in BENCH_ROUNDS short slices (cold, static, warm, cold, ...)
 *    that add up to BENCH_SECONDS each: the machine is shared, and a burst of
 *    other work then slows all three alike instead of whichever ran during it.
 *    Each server's CPU time per request (all its threads) is reported too: it
 *    is what other load disturbs least.
 *    Encrypted outputs (DASH cenc, CMAF cbcs, HLS-TS AES-128 and SAMPLE-AES, keys
 *    from the built-in store) run the same way and are compared with their clear format.
 * 4. Manifest latency on the cold origin.
 *
 * Prints markdown tables, then one JSON line. Never exits non-zero because a
 * target is missed (only when the benchmark itself fails).
 *
 * Knobs (environment): BENCH_SECONDS (5), BENCH_ROUNDS (5), BENCH_CONCURRENCY (8),
 * BENCH_MANIFEST_REQUESTS (2000), BENCH_ORIGIN_NODE_ARGS (e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/kinora-prof", applied to origin children).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { download, measureLatency, mergeLoadResults, runLoad, type LoadResult } from './loadGenerator.ts';
import { cpuMsOf, memoryOf, runChild, startChild, type ChildServer } from './childServer.ts';
import { dashSegmentUrls, hlsSegmentUrls, smoothSegmentUrls, type ManifestUrls } from './segmentUrls.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const MANIFEST_REQUESTS = Number(process.env.BENCH_MANIFEST_REQUESTS ?? 2000);
const MANIFEST_WARMUP = 200;
const WARM_CACHE_BYTES = 256 * 1e6;
const ORIGIN_NODE_ARGS = (process.env.BENCH_ORIGIN_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
const CMAF = 'kinora-default-cmaf';
const DASH = 'kinora-default-dash';
/** HLS with MPEG-TS segments (audio muxed) and Smooth Streaming, as test/support/startOrigin.ts configures them. */
const HLS_TS = 'hls-ts';
const SMOOTH = 'mss-2s';
/** Encrypted outputs (keys from the built-in store), each against its clear counterpart. */
const ENCRYPTED = {
  'DASH cenc': { configuration: 'dash-cenc-builtin', clear: 'DASH' },
  'CMAF cbcs': { configuration: 'cmaf-cbcs-builtin', clear: 'CMAF' },
  'HLS-TS AES-128': { configuration: 'hls-aes-builtin', clear: 'HLS-TS' },
  'HLS-TS SAMPLE-AES': { configuration: 'hls-sample-aes-builtin', clear: 'HLS-TS' },
} as const;
const FORMATS = ['DASH', 'CMAF', 'HLS-TS', 'Smooth', 'DASH cenc', 'CMAF cbcs', 'HLS-TS AES-128', 'HLS-TS SAMPLE-AES'] as const;
/** Browsers and CDNs ask for compressed manifests; the origin compresses per response. */
const MANIFEST_HEADERS = { 'Accept-Encoding': 'br, gzip' };
const TARGETS = { jitVsStatic: 0.5, encryptedVsClear: 0.8, manifestP99Ms: 5, peakRssMB: 300 };

interface OriginReady {
  ready: true;
  pid: number;
  baseUrl: string;
  urls: Record<string, Record<string, string>>;
}

interface SegmentRow {
  scenario: 'cold JIT' | 'warm JIT' | 'static';
  format: (typeof FORMATS)[number];
  result: LoadResult;
  /** Server CPU time (all threads) per successful request, ms. */
  cpuMsPerRequest: number;
}

interface ManifestRow {
  name: string;
  asset: string;
  bytes: number;
  encoding: string;
  p50: number;
  p99: number;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const MB = (bytes: number) => bytes / 1e6;
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

const started = performance.now();
const workDir = mkdtempSync(join(tmpdir(), 'kinora-bench-'));
const dataDir = join(workDir, 'data');
const staticDir = join(workDir, 'static');
const children: ChildServer<unknown>[] = [];
const startOrigin = async (cacheBytes: number) => {
  const child = await startChild<OriginReady>('serveOrigin.ts', ['--serve', dataDir, '--segment-cache-bytes', String(cacheBytes)], { nodeArgs: ORIGIN_NODE_ARGS });
  children.push(child);
  return child;
};

try {
  mkdirSync(dataDir);
  log('ingesting ladder and long (fixtures are generated with ffmpeg on first use)');
  const prepared = await runChild<{ ingestSeconds: number; indexBytes: Record<string, number> }>('serveOrigin.ts', ['--prepare', dataDir, '--fixtures', 'ladder,long']);
  log(`ingested in ${fixed(prepared.ingestSeconds)} s`);

  // 2. Memory while serving the 30-second and then, in another fresh process, the 30-minute asset once:
  //    the same formats and load, so the two peaks compare like for like.
  const shortOrigin = await startOrigin(0);
  const shortUrls = [...(await hlsSegmentUrls(shortOrigin.ready.urls.ladder[CMAF])).segments, ...(await dashSegmentUrls(shortOrigin.ready.urls.ladder[DASH])).segments];
  log(`ladder: serving ${shortUrls.length} segments once (cold), for the short-asset memory peak`);
  const shortRun = await runLoad({ urls: shortUrls, concurrency: CONCURRENCY, maxRequests: shortUrls.length });
  const shortMemory = memoryOf(shortOrigin.ready.pid);
  await shortOrigin.stop();
  const longOrigin = await startOrigin(0);
  const longPid = longOrigin.ready.pid;
  await new Promise((r) => setTimeout(r, 200));
  const afterStart = memoryOf(longPid);
  const longCmaf = await hlsSegmentUrls(longOrigin.ready.urls.long[CMAF]);
  const longDash = await dashSegmentUrls(longOrigin.ready.urls.long[DASH]);
  const longUrls = [...longCmaf.segments, ...longDash.segments];
  log(`long: serving ${longUrls.length} segments once (cold)`);
  const longRun = await runLoad({ urls: longUrls, concurrency: CONCURRENCY, maxRequests: longUrls.length });
  const longMemory = memoryOf(longPid);
  const longIndexBytes = prepared.indexBytes.long;
  const longHours = await durationHours(longCmaf.mediaPlaylists[0]);
  await longOrigin.stop();

  // 3. Cold, warm and static, side by side.
  const cold = await startOrigin(0);
  const coldPid = cold.ready.pid;
  const ladder = {
    CMAF: await hlsSegmentUrls(cold.ready.urls.ladder[CMAF]),
    DASH: await dashSegmentUrls(cold.ready.urls.ladder[DASH]),
    'HLS-TS': await hlsSegmentUrls(cold.ready.urls.ladder[HLS_TS]),
    Smooth: await smoothSegmentUrls(cold.ready.urls.ladder[SMOOTH]),
    'DASH cenc': await dashSegmentUrls(cold.ready.urls.ladder[ENCRYPTED['DASH cenc'].configuration]),
    'CMAF cbcs': await hlsSegmentUrls(cold.ready.urls.ladder[ENCRYPTED['CMAF cbcs'].configuration]),
    'HLS-TS AES-128': await hlsSegmentUrls(cold.ready.urls.ladder[ENCRYPTED['HLS-TS AES-128'].configuration]),
    'HLS-TS SAMPLE-AES': await hlsSegmentUrls(cold.ready.urls.ladder[ENCRYPTED['HLS-TS SAMPLE-AES'].configuration]),
  };
  log(`ladder: ${FORMATS.map((f) => `${ladder[f].segments.length} ${f}`).join(' + ')} segment URLs; saving them for the static baseline`);
  for (const url of FORMATS.flatMap((f) => ladder[f].segments)) {
    const file = join(staticDir, new URL(url).pathname);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, await download(url));
  }
  const warm = await startOrigin(WARM_CACHE_BYTES);
  const statik = await startChild<{ pid: number; baseUrl: string }>('serveStatic.ts', [staticDir]);
  children.push(statik);
  await new Promise((r) => setTimeout(r, 200));
  const staticAfterStart = memoryOf(statik.ready.pid);
  const servers = [
    { name: 'cold JIT', baseUrl: cold.ready.baseUrl, pid: coldPid },
    { name: 'static', baseUrl: statik.ready.baseUrl, pid: statik.ready.pid },
    { name: 'warm JIT', baseUrl: warm.ready.baseUrl, pid: warm.ready.pid },
  ] as const;
  const rows: SegmentRow[] = [];
  for (const format of FORMATS) {
    const urlsOf = (baseUrl: string) => ladder[format].segments.map((u) => baseUrl + new URL(u).pathname);
    // V8 warm-up, and cache priming for the warm origin.
    for (const server of servers) await runLoad({ urls: urlsOf(server.baseUrl), concurrency: CONCURRENCY, maxRequests: ladder[format].segments.length * 2 });
    log(`${format}: ${servers.map((x) => x.name).join(', ')} in turns, ${ROUNDS} × ${fixed(SECONDS / ROUNDS)} s each at concurrency ${CONCURRENCY}`);
    const runs = new Map<string, LoadResult[]>(servers.map((x) => [x.name, []]));
    const cpuMs = new Map<string, number>(servers.map((x) => [x.name, 0]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const server of servers) {
        const before = cpuMsOf(server.pid);
        runs.get(server.name)!.push(await runLoad({ urls: urlsOf(server.baseUrl), concurrency: CONCURRENCY, durationMs: (SECONDS * 1000) / ROUNDS }));
        cpuMs.set(server.name, cpuMs.get(server.name)! + cpuMsOf(server.pid) - before);
      }
    }
    for (const server of servers) {
      const result = mergeLoadResults(runs.get(server.name)!);
      const m = memoryOf(server.pid);
      log(`  ${server.name}: ${fixed(result.requestsPerSecond, 0)} req/s, ${fixed(result.megabytesPerSecond)} MB/s, ${fixed(cpuMs.get(server.name)! / result.requests, 2)} ms CPU/req; RSS ${fixed((m.rssMiB * 2 ** 20) / 1e6)} MB, peak ${fixed((m.peakRssMiB * 2 ** 20) / 1e6)} MB`);
      if (result.errors) log(`  ${result.errors} errors, e.g. ${result.errorSamples.join('; ')}`);
      rows.push({ scenario: server.name, format, result, cpuMsPerRequest: cpuMs.get(server.name)! / result.requests });
    }
  }

  // 4. Manifests, on the cold origin.
  log(`manifest latency: ${MANIFEST_REQUESTS} sequential requests each`);
  const manifests: ManifestRow[] = [];
  for (const asset of ['ladder', 'long']) {
    const cmaf = asset === 'ladder' ? ladder.CMAF : await hlsSegmentUrls(cold.ready.urls.long[CMAF]);
    const targets = [
      { name: 'HLS multivariant', url: cmaf.manifest },
      { name: `HLS media playlist (${new URL(cmaf.mediaPlaylists[0]).pathname.split('/').at(-2)})`, url: cmaf.mediaPlaylists[0] },
      { name: 'DASH MPD', url: cold.ready.urls[asset][DASH] },
    ];
    for (const t of targets) {
      const l = await measureLatency(t.url, { requests: MANIFEST_REQUESTS, warmup: MANIFEST_WARMUP, headers: MANIFEST_HEADERS });
      manifests.push({ name: t.name, asset, bytes: l.bytes, encoding: l.encoding, p50: l.p50, p99: l.p99 });
    }
  }
  const coldMemory = memoryOf(coldPid);
  const warmMemory = memoryOf(warm.ready.pid);
  const staticMemory = memoryOf(statik.ready.pid);
  await cold.stop();
  await warm.stop();
  await statik.stop();

  // Report.
  const staticOf = (format: SegmentRow['format']) => rows.find((r) => r.scenario === 'static' && r.format === format)!.result;
  const ratio = (r: SegmentRow) => ({ rps: r.result.requestsPerSecond / staticOf(r.format).requestsPerSecond, mbps: r.result.megabytesPerSecond / staticOf(r.format).megabytesPerSecond });
  const coldRatios = rows.filter((r) => r.scenario === 'cold JIT' && (r.format === 'DASH' || r.format === 'CMAF')).map(ratio);
  const worstColdRatio = Math.min(...coldRatios.flatMap((r) => [r.rps, r.mbps]));
  const ladderManifests = manifests.filter((m) => m.asset === 'ladder');
  const worstManifestP99 = Math.max(...ladderManifests.map((m) => m.p99));
  const peakRssMB = (longMemory.peakRssMiB * 2 ** 20) / 1e6;
  const pass = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const otherRatios = rows.filter((r) => r.scenario === 'cold JIT' && r.format !== 'DASH' && r.format !== 'CMAF').map((r) => `${r.format} ${fixed(Math.min(ratio(r).rps, ratio(r).mbps) * 100, 0)}%`);
  // Encrypted against clear, both cold (every request packages, and encrypts, from the source). Requests
  // per second only: an encrypted segment is a few bytes larger (senc/saiz/saio, CBC padding).
  const coldOf = (format: SegmentRow['format']) => rows.find((r) => r.scenario === 'cold JIT' && r.format === format)!.result;
  const encryptedRatios = Object.entries(ENCRYPTED).map(([format, { clear }]) => ({ format, clear, ratio: coldOf(format as SegmentRow['format']).requestsPerSecond / coldOf(clear).requestsPerSecond }));
  const encryptedVsClear = encryptedRatios[0].ratio;
  const targets = [
    { target: `cold JIT >= ${TARGETS.jitVsStatic * 100}% of static (req/s and MB/s, DASH and CMAF)`, measured: `${fixed(worstColdRatio * 100, 0)}% (worst of four; ${otherRatios.join(', ')})`, ok: worstColdRatio >= TARGETS.jitVsStatic },
    {
      target: `encrypted (cenc) cold JIT >= ${TARGETS.encryptedVsClear * 100}% of clear (DASH, req/s)`,
      measured: `${fixed(encryptedVsClear * 100, 0)}% (others, each against its clear format: ${encryptedRatios.slice(1).map((e) => `${e.format} ${fixed(e.ratio * 100, 0)}% of ${e.clear}`).join(', ')})`,
      ok: encryptedVsClear >= TARGETS.encryptedVsClear,
    },
    { target: `manifest p99 < ${TARGETS.manifestP99Ms} ms (ladder)`, measured: `${fixed(worstManifestP99, 2)} ms (worst of three)`, ok: worstManifestP99 < TARGETS.manifestP99Ms },
    { target: `peak RSS < ${TARGETS.peakRssMB} MB (long, every segment once)`, measured: `${fixed(peakRssMB, 0)} MB`, ok: peakRssMB < TARGETS.peakRssMB },
  ];

  const out: string[] = [];
  const cpu = cpus();
  out.push('', `## Kinora origin benchmark`, '');
  out.push(`Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}; origin, static server and load generator are separate processes on one machine. MB = 10^6 bytes.`);
  out.push('');
  out.push(`### Segments: \`ladder\` (30 s, 3 video + 1 audio track), ${FORMATS.map((f) => `${ladder[f].segments.length} ${f}`).join(' / ')} segment URLs, concurrency ${CONCURRENCY}, ${SECONDS} s each in ${ROUNDS} turns`);
  out.push('');
  out.push('| scenario | format | requests | req/s | MB/s | p50 ms | p99 ms | errors | server CPU ms/req | vs static req/s | vs static MB/s |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const q = ratio(r);
    const vs = r.scenario === 'static' ? ['—', '—'] : [`${fixed(q.rps * 100, 0)}%`, `${fixed(q.mbps * 100, 0)}%`];
    out.push(`| ${r.scenario} | ${r.format} | ${r.result.requests} | ${fixed(r.result.requestsPerSecond, 0)} | ${fixed(r.result.megabytesPerSecond)} | ${fixed(r.result.latencyMs.p50, 2)} | ${fixed(r.result.latencyMs.p99, 2)} | ${r.result.errors} | ${fixed(r.cpuMsPerRequest, 2)} | ${vs[0]} | ${vs[1]} |`);
  }
  out.push('');
  out.push(`Cold: segment cache disabled, every request packages from the source. Warm: \`segmentCacheBytes\` ${MB(WARM_CACHE_BYTES)} MB after a priming pass. Static: the same bytes from disk via plain \`node:http\` + \`readFile\`. The three take turns in ${ROUNDS} slices per format, so load from other processes falls on all of them; server CPU is all threads of the server process per request.`);
  out.push('');
  out.push(`### Manifests: ${MANIFEST_REQUESTS} sequential requests each after ${MANIFEST_WARMUP} warm-up, \`Accept-Encoding: ${MANIFEST_HEADERS['Accept-Encoding']}\``);
  out.push('');
  out.push('| manifest | asset | bytes sent (encoding) | p50 ms | p99 ms | p99 < 5 ms |');
  out.push('| --- | --- | ---: | ---: | ---: | --- |');
  for (const m of manifests) out.push(`| ${m.name} | ${m.asset} | ${m.bytes} (${m.encoding}) | ${fixed(m.p50, 2)} | ${fixed(m.p99, 2)} | ${pass(m.p99 < TARGETS.manifestP99Ms)} |`);
  out.push('');
  out.push(`### Memory: \`long\` (${fixed(longHours * 60, 0)} min, 1 video + 1 audio track), every segment URL served once, cold`);
  out.push('');
  out.push('| measure | value |');
  out.push('| --- | ---: |');
  out.push(`| origin RSS right after start | ${fixed((afterStart.rssMiB * 2 ** 20) / 1e6)} MB |`);
  out.push(`| static server RSS right after start, for comparison | ${fixed((staticAfterStart.rssMiB * 2 ** 20) / 1e6)} MB |`);
  out.push(`| origin peak RSS serving ${longRun.requests} segments (${longCmaf.segments.length} CMAF + ${longDash.segments.length} DASH, ${fixed(MB(longRun.bytes))} MB, ${fixed(longRun.seconds)} s, ${longRun.errors} errors) | ${fixed(peakRssMB)} MB |`);
  out.push(`| same, serving \`ladder\` (30 s, 3 video + 1 audio track) once in a fresh process: ${shortRun.requests} segments, ${shortRun.errors} errors | ${fixed((shortMemory.peakRssMiB * 2 ** 20) / 1e6)} MB (long / short: ${fixed(longMemory.peakRssMiB / shortMemory.peakRssMiB, 2)}) |`);
  out.push(`| source index of \`long\` | ${longIndexBytes} bytes (${fixed(longIndexBytes / 1e6, 2)} MB) |`);
  out.push(`| source index per hour of content | ${fixed(longIndexBytes / longHours / 1e6, 2)} MB/h |`);
  out.push(`| peak RSS: cold ladder origin / warm ladder origin / static server | ${fixed((coldMemory.peakRssMiB * 2 ** 20) / 1e6)} / ${fixed((warmMemory.peakRssMiB * 2 ** 20) / 1e6)} / ${fixed((staticMemory.peakRssMiB * 2 ** 20) / 1e6)} MB |`);
  out.push('');
  out.push('### Targets');
  out.push('');
  out.push('| target | measured | result |');
  out.push('| --- | --- | --- |');
  for (const t of targets) out.push(`| ${t.target} | ${t.measured} | ${pass(t.ok)} |`);
  out.push('');
  out.push(`Total benchmark time ${fixed((performance.now() - started) / 1000)} s.`);
  out.push('');
  process.stdout.write(`${out.join('\n')}\n`);

  const summary = {
    node: process.version,
    cores: cpu.length,
    concurrency: CONCURRENCY,
    seconds: SECONDS,
    segments: rows.map((r) => ({
      scenario: r.scenario,
      format: r.format,
      requests: r.result.requests,
      errors: r.result.errors,
      requestsPerSecond: round(r.result.requestsPerSecond),
      megabytesPerSecond: round(r.result.megabytesPerSecond),
      p50Ms: round(r.result.latencyMs.p50),
      p99Ms: round(r.result.latencyMs.p99),
      cpuMsPerRequest: round(r.cpuMsPerRequest),
      ...(r.scenario === 'static' ? {} : { vsStaticRequests: round(ratio(r).rps), vsStaticBytes: round(ratio(r).mbps) }),
    })),
    manifests: manifests.map((m) => ({ ...m, p50: round(m.p50), p99: round(m.p99) })),
    memory: {
      rssAfterStartMB: round((afterStart.rssMiB * 2 ** 20) / 1e6),
      staticRssAfterStartMB: round((staticAfterStart.rssMiB * 2 ** 20) / 1e6),
      peakRssColdLadderMB: round((coldMemory.peakRssMiB * 2 ** 20) / 1e6),
      peakRssWarmLadderMB: round((warmMemory.peakRssMiB * 2 ** 20) / 1e6),
      peakRssStaticMB: round((staticMemory.peakRssMiB * 2 ** 20) / 1e6),
      peakRssLongMB: round(peakRssMB),
      peakRssShortMB: round((shortMemory.peakRssMiB * 2 ** 20) / 1e6),
      longSegmentsServed: longRun.requests,
      longErrors: longRun.errors,
      longIndexBytes,
      longIndexBytesPerHour: Math.round(longIndexBytes / longHours),
    },
    targets: targets.map((t) => ({ target: t.target, measured: t.measured, pass: t.ok })),
    totalSeconds: round((performance.now() - started) / 1000),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  for (const child of children) await child.stop();
  rmSync(workDir, { recursive: true, force: true });
}

/** Content duration from an HLS media playlist's EXTINF tags. */
async function durationHours(mediaPlaylistUrl: string): Promise<number> {
  const playlist = await (await fetch(mediaPlaylistUrl)).text();
  const seconds = [...playlist.matchAll(/#EXTINF:([\d.]+)/g)].reduce((s, m) => s + Number(m[1]), 0);
  return seconds / 3600;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
