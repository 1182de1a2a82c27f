/** URL slugs: lowercase ASCII words joined by hyphens, as the slug CHECK constraints require. */
import { sql, type RawBuilder } from 'kysely';

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/**
 * The slug of a text in SQL, for set-based inserts: lowercase ASCII words joined by hyphens like
 * slugify's, except that umlauts become ae, oe, ue and the caller limits the length.
 */
export function sqlSlug(text: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`
  trim(both '-' from regexp_replace(
    translate(replace(replace(replace(replace(lower(${text}), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'),
              'àáâãåçèéêëìíîïñòóôõøùúûýÿ', 'aaaaaceeeeiiiinooooouuuyy'),
    '[^a-z0-9]+', '-', 'g'))`;
}

export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
