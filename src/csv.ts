/**
 * CSV as spreadsheets and supplier imports read it (RFC 4180): comma-separated, CRLF line ends,
 * a field in double quotes when it holds a comma, quote or line break.
 */

/** One record, its line end included. */
export function csvRecord(fields: readonly string[]): string {
  return fields.map(quoted).join(',') + '\r\n';
}

function quoted(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * A text cell a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a line
 * break) gets a leading apostrophe, which spreadsheets show as text. A plain signed number
 * (-12, +49) is left alone: a spreadsheet reads it as a number, not a formula.
 */
export function csvText(value: string): string {
  if (/^[=+\-@\t\r\n]/.test(value) && !/^[+-]\d+(\.\d+)?$/.test(value)) return `'${value}`;
  return value;
}
