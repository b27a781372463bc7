import type { PatternLocation } from './EventPatternError.ts';

/** Jackson prints at most this many characters of the source in a location. */
const SOURCE_EXCERPT_CHARS = 500;

/** Jackson 2.9-2.15 `JsonLocation.toString()` for a String source: `[Source: (String)"..."; line: 1, column: 12]`. */
export function describeLocation(source: string, location: PatternLocation): string {
  const excerpt = source.length > SOURCE_EXCERPT_CHARS
    ? `"${source.slice(0, SOURCE_EXCERPT_CHARS)}"[truncated ${source.length - SOURCE_EXCERPT_CHARS} chars]`
    : `"${source}"`;
  return `[Source: (String)${excerpt}; line: ${location.line}, column: ${location.column}]`;
}
