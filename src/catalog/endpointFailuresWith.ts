import type { AssetRecord } from './records.ts';

/**
 * An asset's endpoint failures with one configuration's set (`reason`) or
 * cleared (`null`), or undefined when that changes nothing. Both catalog
 * adapters write the result under their row lock.
 */
export function endpointFailuresWith(asset: AssetRecord, configurationId: string, reason: string | null): AssetRecord | undefined {
  const failures = { ...(asset.endpointFailures ?? {}) };
  if (reason === null) {
    if (!(configurationId in failures)) return undefined;
    delete failures[configurationId];
  } else {
    if (failures[configurationId] === reason) return undefined;
    failures[configurationId] = reason;
  }
  const next: AssetRecord = { ...asset, endpointFailures: failures };
  if (Object.keys(failures).length === 0) delete next.endpointFailures;
  return next;
}
