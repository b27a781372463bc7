import type { InputProbe } from './InputProbe.ts';
import type { PlannedRendition } from './PlannedRendition.ts';
import type { TranscodeTemplate } from './TranscodeTemplate.ts';

/**
 * Fits the template's ladder to an input: each rendition's box is filled
 * with the input's display aspect ratio kept (sizes rounded to even numbers,
 * as 4:2:0 needs), and a rendition that would have to upscale is dropped,
 * since it would spend bits on no extra detail. When every rung would
 * upscale (a tiny input), the last (smallest) one is kept at the input's own
 * size so the job still yields a playable rendition. Two rungs that come out
 * the same size keep only the first.
 */
export function planRenditions(template: TranscodeTemplate, probe: InputProbe): PlannedRendition[] {
  const { displayWidth: dw, displayHeight: dh } = probe.video;
  const planned: PlannedRendition[] = [];
  for (const r of template.video.renditions) {
    const scale = Math.min(r.width / dw, r.height / dh);
    if (scale > 1 + 1e-9) continue;
    add(planned, { ...r, width: even(dw * scale), height: even(dh * scale) });
  }
  if (planned.length === 0) {
    const smallest = template.video.renditions[template.video.renditions.length - 1];
    add(planned, { ...smallest, width: even(dw), height: even(dh) });
  }
  return planned;
}

function add(list: PlannedRendition[], r: PlannedRendition): void {
  if (!list.some((p) => p.width === r.width && p.height === r.height)) list.push(r);
}

function even(x: number): number {
  return Math.max(2, Math.round(x / 2) * 2);
}
