import { KinoraError } from '../../errors/KinoraError.ts';
import type { PackageSettings } from '../../catalog/records.ts';
import { checkShape } from './checkShape.ts';
import { checkUnsupportedFields } from './checkUnsupportedFields.ts';
import { vodShapes } from './vodShapes.ts';

const PACKAGES = ['cmafPackage', 'dashPackage', 'hlsPackage', 'mssPackage'] as const;
const MANIFESTS = { cmafPackage: 'hlsManifests', dashPackage: 'dashManifests', hlsPackage: 'hlsManifests', mssPackage: 'mssManifests' } as const;

/**
 * A CreatePackagingConfiguration body, checked: the model's shape, exactly
 * one package, distinct manifest names (each is a URL of its own), a
 * coherent stream selection and template format, then `unsupportedFields`.
 */
export function readCreatePackagingConfiguration(body: unknown): { id: string; packagingGroupId: string; tags: Record<string, string>; settings: PackageSettings } {
  const input = checkShape(body, vodShapes.CreatePackagingConfiguration, '');
  const present = PACKAGES.filter((p) => input[p] !== undefined);
  if (present.length !== 1) {
    throw new KinoraError('INVALID_REQUEST', `a packaging configuration takes exactly one of ${PACKAGES.join(', ')}; found ${present.length === 0 ? 'none' : present.join(' and ')}`, { subject: present[1] ?? 'cmafPackage' });
  }
  const kind = present[0];
  const manifests: { manifestName?: string; streamSelection?: { minVideoBitsPerSecond?: number; maxVideoBitsPerSecond?: number } }[] = input[kind][MANIFESTS[kind]];
  const seen = new Map<string, number>();
  manifests.forEach((m, i) => {
    const name = m.manifestName ?? 'index';
    const first = seen.get(name);
    if (first !== undefined) throw new KinoraError('INVALID_REQUEST', `${kind}.${MANIFESTS[kind]}[${i}].manifestName "${name}" is also the name of manifest ${first}; each manifest needs its own name (it is its URL)`, { subject: `${kind}.${MANIFESTS[kind]}[${i}].manifestName` });
    seen.set(name, i);
    const s = m.streamSelection;
    if (s?.minVideoBitsPerSecond !== undefined && s.maxVideoBitsPerSecond !== undefined && s.minVideoBitsPerSecond > s.maxVideoBitsPerSecond) {
      throw new KinoraError('INVALID_REQUEST', `${kind}.${MANIFESTS[kind]}[${i}].streamSelection.minVideoBitsPerSecond (${s.minVideoBitsPerSecond}) is above maxVideoBitsPerSecond (${s.maxVideoBitsPerSecond})`, { subject: `${kind}.${MANIFESTS[kind]}[${i}].streamSelection` });
    }
  });
  // [UG:cfigs-dash-manset]: NUMBER_WITH_DURATION "isn't supported in combination with multi-period DASH".
  if (kind === 'dashPackage' && input.dashPackage.segmentTemplateFormat === 'NUMBER_WITH_DURATION' && input.dashPackage.periodTriggers?.includes('ADS')) {
    throw new KinoraError('INVALID_REQUEST', 'dashPackage.segmentTemplateFormat NUMBER_WITH_DURATION cannot be combined with periodTriggers ["ADS"] (multi-period DASH)', { subject: 'dashPackage.segmentTemplateFormat' });
  }
  checkUnsupportedFields(input);
  return { id: input.id, packagingGroupId: input.packagingGroupId, tags: input.tags ?? {}, settings: { [kind]: input[kind] } as PackageSettings };
}
