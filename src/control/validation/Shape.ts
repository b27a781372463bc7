/**
 * A request shape as in the MediaPackage VOD service model (2018-11-07):
 * structures with camelCase members, lists, string maps, strings (enums),
 * 32-bit integers and booleans, plus the bounds Kinora adds where the model
 * has none (ids, manifest names, ranges). `checkShape` reads values against it.
 */
export type Shape =
  | { kind: 'string'; enum?: readonly string[]; pattern?: RegExp; rule?: string; minLength?: number; maxLength?: number }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'list'; member: Shape; minItems?: number; maxItems?: number }
  | { kind: 'map'; key: Shape; value: Shape; maxEntries?: number }
  | { kind: 'structure'; name: string; members: Record<string, Shape>; required?: readonly string[] };
