import { checkShape } from '../../../src/control/validation/checkShape.ts';
import type { Shape } from '../../../src/control/validation/Shape.ts';
import { KinoraError } from '../../../src/errors/KinoraError.ts';
import type { ConfigurationCheck } from './validateConfiguration.ts';

/**
 * Checks a request body against a shape of the service model with the
 * control plane's own `checkShape` (plus `extra`, another of its checks),
 * returning the API's message and the field it names.
 */
export function validateRequest(shape: Shape, body: unknown, extra?: (checked: any) => void): ConfigurationCheck {
  try {
    const checked = checkShape(body, shape, '');
    extra?.(checked);
    return { ok: true };
  } catch (e) {
    if (e instanceof KinoraError) return { ok: false, path: e.subject ?? '', message: e.message };
    throw e;
  }
}
