/** LIKE patterns from what a person typed: %, _ and \ match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern matching any text that contains `text`. */
export function containing(text: string): string {
  return `%${escapeLike(text)}%`;
}
