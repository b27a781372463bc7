import { KinoraError } from '../errors/KinoraError.ts';
import { MediaError } from '../media/errors/MediaError.ts';
import type { AssetRecord } from '../catalog/records.ts';
import { planSourceReads } from '../media/index/planSourceReads.ts';
import { readIndexedSamples } from '../media/index/readIndexedSamples.ts';
import { readWebVtt } from '../media/webvtt/readWebVtt.ts';
import type { WebVttCue } from '../media/webvtt/WebVttCue.ts';
import type { SegmentTiming } from '../media/model/Presentation.ts';
import type { Packager } from './Packager.ts';
import type { ClipRange } from '../media/select/Clip.ts';

/**
 * The cues of text segment `number` of a track: every cue overlapping the
 * segment's time range (a cue spanning a boundary is in both segments),
 * timed on the output timeline in ms, with the id, settings and payload read
 * from the cue's bytes in its source file.
 */
export async function readSegmentCues(packager: Packager, asset: AssetRecord, targetSeconds: number, trackId: string, number: number, clip?: ClipRange): Promise<{ segment: SegmentTiming; cues: WebVttCue[] }> {
  const { index, plan, offsets } = await packager.plan(asset, targetSeconds, clip);
  const shift = offsets?.get(trackId) ?? 0;
  const { track, position } = packager.track(index, trackId, asset);
  if (track.track.kind !== 'text') throw new KinoraError('TRACK_NOT_FOUND', `track ${trackId} of asset ${asset.id} is not a text track`, { subject: asset.id });
  const trackPlan = plan.tracks[position];
  const segment = trackPlan.segments[number - 1];
  if (!Number.isInteger(number) || segment === undefined) {
    throw new KinoraError('SEGMENT_OUT_OF_RANGE', `asset ${asset.id} track ${trackId} has segments 1-${trackPlan.segments.length}, not ${number}`, { subject: `${asset.id}/${trackId}/${number}` });
  }
  const s = track.samples;
  // Index times are source times; a clip's segment times are shifted by `shift`.
  const from = segment.startTime + shift;
  const to = from + segment.duration;
  // Cues are sorted by start; one that starts earlier may still be showing.
  let first = trackPlan.starts[number - 1];
  while (first > 0 && s.decodeTime[first - 1] + s.duration[first - 1] > from) first--;
  let end = trackPlan.starts[number];
  while (end < s.count && s.decodeTime[end] < to) end++;
  const overlapping: number[] = [];
  for (let i = first; i < end; i++) if (s.decodeTime[i] + s.duration[i] > from && s.decodeTime[i] < to) overlapping.push(i);
  if (overlapping.length === 0) return { segment, cues: [] };
  const lo = overlapping[0];
  const hi = overlapping[overlapping.length - 1] + 1;
  const reads = planSourceReads(track, lo, hi);
  const chunks = await Promise.all(reads.map(async (r) => ({ ...r, bytes: await packager.sourceReader.readRange(index.files[r.file], r.start, r.end) })));
  const samples = readIndexedSamples(track, lo, hi, chunks);
  const cues: WebVttCue[] = [];
  for (const i of overlapping) {
    const sample = samples[i - lo];
    const [cue] = readWebVtt(concat(WEBVTT_HEADER, sample.data)).cues;
    if (!cue) throw new MediaError('MALFORMED', `source changed since ingest: no cue at byte ${s.offset[i]} of ${index.files[s.file[i]]}`, { subject: index.files[s.file[i]], offset: s.offset[i] });
    const startMs = sample.decodeTime - shift;
    cues.push({ id: cue.id, settings: cue.settings, payload: cue.payload, startMs: Math.max(0, startMs), endMs: startMs + sample.duration });
  }
  return { segment, cues };
}

const WEBVTT_HEADER = new TextEncoder().encode('WEBVTT\n\n');

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
