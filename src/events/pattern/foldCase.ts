/**
 * Case folding for `equals-ignore-case` matches. event-ruler folds each
 * character both ways; upper- then lower-casing gives the same classes for
 * the characters where the two disagree (e.g. the German sharp s, Greek sigma).
 */
export function foldCase(value: string): string {
  return value.toUpperCase().toLowerCase();
}
