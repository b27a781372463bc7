import { base64FromBytes } from '../bytes/base64.ts';
import { escapeXmlAttribute } from '../dash/escapeXmlAttribute.ts';
import type { DashContentProtection } from './DashContentProtection.ts';
import { uuidFromBytes } from './uuidFromBytes.ts';

/** Namespaces the descriptors use, declared on the MPD element. */
export const CONTENT_PROTECTION_NAMESPACES = 'xmlns:cenc="urn:mpeg:cenc:2013" xmlns:dashif="https://dashif.org/CPS"';
/** PlayReady's MPD namespace, declared too when a descriptor carries `mspr:pro`. */
export const PLAYREADY_NAMESPACE = 'xmlns:mspr="urn:microsoft:playready"';

/**
 * `ContentProtection` descriptors of one AdaptationSet: the MP4 protection
 * scheme descriptor (`urn:mpeg:dash:mp4protection:2011`, value `cenc` or
 * `cbcs`, with `cenc:default_KID`, ISO/IEC 23001-7 11.2), then one
 * `urn:uuid:<SystemID>` descriptor per system with its `cenc:pssh` (11.3)
 * and license URL. dash.js and shaka both read `dashif:Laurl`. PlayReady's
 * descriptor (`value="MSPR 2.0"`, Microsoft "PlayReady DASH Content
 * Protection") also carries the PlayReady Object in `mspr:pro`, which
 * older PlayReady clients read instead of the `pssh`.
 */
export function writeDashContentProtection(cp: DashContentProtection, indent: string, out: string[]): void {
  out.push(`${indent}<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="${cp.scheme}" cenc:default_KID="${uuidFromBytes(cp.defaultKid)}"/>`);
  for (const system of cp.systems) {
    const value = system.value !== undefined ? ` value="${escapeXmlAttribute(system.value)}"` : '';
    const open = `${indent}<ContentProtection schemeIdUri="urn:uuid:${system.systemId}"${value}`;
    if (system.pssh === undefined && system.licenseUrl === undefined && system.playReadyObject === undefined) {
      out.push(`${open}/>`);
      continue;
    }
    out.push(`${open}>`);
    if (system.licenseUrl !== undefined) out.push(`${indent}  <dashif:Laurl>${escapeXmlText(system.licenseUrl)}</dashif:Laurl>`);
    if (system.playReadyObject !== undefined) out.push(`${indent}  <mspr:pro>${base64FromBytes(system.playReadyObject)}</mspr:pro>`);
    if (system.pssh !== undefined) out.push(`${indent}  <cenc:pssh>${base64FromBytes(system.pssh)}</cenc:pssh>`);
    out.push(`${indent}</ContentProtection>`);
  }
}

function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
