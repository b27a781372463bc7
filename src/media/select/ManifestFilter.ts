import type { ManifestFilterParameter, manifestFilterParameters } from './manifestFilterParameters.ts';

/** An inclusive range; a single value `v` is `{ min: v, max: v }`. */
export interface NumberRange {
  min: number;
  max: number;
}

type ValuesOf<P extends ManifestFilterParameter> = (typeof manifestFilterParameters)[P]['values'] extends 'text'
  ? readonly string[]
  : readonly NumberRange[];

/**
 * A parsed `aws.manifestfilter` value (see `readManifestFilter`): for each
 * parameter given, the values it accepts, any of which matches (the comma
 * list is an OR). Text values are lower-cased; an absent parameter does not
 * constrain anything.
 */
export type ManifestFilter = { readonly [P in ManifestFilterParameter]?: ValuesOf<P> };
