/**
 * CSV for spreadsheets (RFC 4180), safe against formula injection: a cell a spreadsheet would read
 * as a formula (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe,
 * so people's words (an idea's title) are shown, never run (OWASP "CSV injection").
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows of cells as one CSV document (CRLF line ends, as RFC 4180 and spreadsheets expect). */
export const toCsv = (rows: readonly (readonly string[])[]): string => rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
