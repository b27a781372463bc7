/** Longest excerpt of a line quoted in an error message. */
const EXCERPT_LENGTH = 60;

/** `'text'`, shortened to keep error messages readable when a line is huge. */
export function quoteExcerpt(line: string): string {
  return `'${line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}...` : line}'`;
}
