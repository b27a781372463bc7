import type { AssetRecord } from './records.ts';

/**
 * An asset's endpoint failures with one configuration's (by hash) set (`reason`) or
 * cleared (`null`), or undefined when that changes nothing. Both catalog
 * adapters write the result under their row lock.
 */
export function endpointFailuresWith(asset: AssetRecord, configurationHash: string, reason: string | null): AssetRecord | undefined {
  const failures = { ...(asset.endpointFailures ?? {}) };
  if (reason === null) {
    if (!(configurationHash in failures)) return undefined;
    delete failures[configurationHash];
  } else {
    if (failures[configurationHash] === reason) return undefined;
    failures[configurationHash] = reason;
  }
  const next: AssetRecord = { ...asset, endpointFailures: failures };
  if (Object.keys(failures).length === 0) delete next.endpointFailures;
  return next;
}
