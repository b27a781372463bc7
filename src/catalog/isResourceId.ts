/**
 * MediaPackage VOD ids (groups, configurations, assets) may contain only
 * letters, digits, `_` and `-` [UG:asset-create-details, gs-output-vod];
 * Kinora bounds them at 1024 characters.
 */
export function isResourceId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,1024}$/.test(id);
}
