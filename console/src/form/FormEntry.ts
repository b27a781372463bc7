/**
 * One value read from the configuration form, before it becomes JSON.
 * `path` is the wire path (`cmafPackage.hlsManifests[0].manifestName`);
 * `raw` is what the control holds (a text box's string, a checkbox's
 * state, the checked values of a set of checkboxes).
 */
export type FormEntry =
  /** A structure that exists even when all its fields are left empty (a manifest, an enabled `encryption`). */
  | { path: string; kind: 'structure' }
  | { path: string; kind: 'string'; raw: string }
  | { path: string; kind: 'integer'; raw: string }
  | { path: string; kind: 'boolean'; raw: boolean }
  /** Free list of strings, one per line or comma-separated (`systemIds`). */
  | { path: string; kind: 'stringList'; raw: string }
  /** Checked values of an enum list (`periodTriggers`). */
  | { path: string; kind: 'enumList'; raw: string[] }
  /** `key=value` lines (`tags`). */
  | { path: string; kind: 'map'; raw: string };
