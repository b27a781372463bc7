import type { ManifestFilter } from './ManifestFilter.ts';

/**
 * Whether a manifest filter keeps a trick-play rendition: an I-frame-only
 * playlist (RFC 8216 4.3.4.3 `EXT-X-I-FRAME-STREAM-INF`, MediaPackage
 * `includeIframeOnlyStream`) or an image (thumbnail) stream. The
 * `Presentation` model has no trick-play tracks, so writers that add them
 * ask this instead of `applyManifestFilter`.
 *
 * `trickplay_type` lists the kinds kept (`iframe`, `image`; `none` keeps
 * neither, and is how a query drops trick play altogether);
 * `trickplay_height` ranges the rendition's height, and a rendition of
 * unknown height does not match it. Regular renditions are never affected
 * by the `trickplay_*` parameters.
 */
export function filterAllowsTrickPlay(filter: ManifestFilter, rendition: { type: 'iframe' | 'image'; height?: number }): boolean {
  if (filter.trickplay_type !== undefined && !filter.trickplay_type.includes(rendition.type)) return false;
  if (filter.trickplay_height !== undefined) {
    const { height } = rendition;
    if (height === undefined) return false;
    return filter.trickplay_height.some((r) => height >= r.min && height <= r.max);
  }
  return true;
}
