import { readCreatePackagingConfiguration } from '../../../src/control/validation/readCreatePackagingConfiguration.ts';
import { KinoraError } from '../../../src/errors/KinoraError.ts';

export type ConfigurationCheck = { ok: true } | { ok: false; path: string; message: string };

/**
 * Checks a CreatePackagingConfiguration body with the very function the
 * control plane runs (`readCreatePackagingConfiguration`: the service
 * model's shape, one package, distinct manifest names, the fields Kinora
 * does not support yet), so the form refuses exactly what the API would
 * refuse, with the API's words. `path` names the field (`cmafPackage.segmentDurationSeconds`).
 */
export function validateConfiguration(body: unknown): ConfigurationCheck {
  try {
    readCreatePackagingConfiguration(body);
    return { ok: true };
  } catch (e) {
    if (e instanceof KinoraError) return { ok: false, path: e.subject ?? '', message: e.message };
    throw e;
  }
}
