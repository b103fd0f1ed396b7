/**
 * Export for an authority's request or a visitor's access request (GDPR Art. 15/20): every
 * record with its chain data (`seq`, `prevHash`, `digest`, `hash`, and `body`, the exact text
 * the digest is the SHA-256 of), as JSON lines or CSV.
 */
import type { ExportFilter, ExportRecord } from './store.js';

export type ExportFormat = 'jsonl' | 'csv';

const CSV_COLUMNS = [
  'seq', 'kind', 'id', 'erased', 'receivedAt', 'at', 'subject', 'service', 'purpose', 'decision', 'method', 'remembered', 'textVersion', 'textHash',
  'text', 'locale', 'origin', 'path', 'query', 'tag', 'topics', 'gpc', 'subscriptionHash', 'subjectHash', 'deleted', 'purged', 'before', 'prevHash', 'digest', 'hash', 'body',
] as const;

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = Array.isArray(value) ? value.join(' ') : String(value);
  // A cell a spreadsheet would run as a formula is kept as text.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function* exportLines(records: AsyncIterable<ExportRecord>, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\n`;
  for await (const record of records) {
    if (format === 'jsonl') yield `${JSON.stringify(record)}\n`;
    else yield `${CSV_COLUMNS.map((c) => csvCell(record[c])).join(',')}\n`;
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `--from` / `--to` as a filter on the decision time: a day (`2026-12-01`, `--to` includes that
 * whole day) or an ISO 8601 time. A message naming the option when a value is not a date.
 */
export function parseRange(from: string | undefined, to: string | undefined): Pick<ExportFilter, 'from' | 'toExclusive'> | string {
  const range: Pick<ExportFilter, 'from' | 'toExclusive'> = {};
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value === undefined || value === '') continue;
    const time = Date.parse(DAY.test(value) ? `${value}T00:00:00.000Z` : value);
    if (!(DAY.test(value) || /^\d{4}-\d{2}-\d{2}T/.test(value)) || Number.isNaN(time)) return `${name} must be a date (2026-12-01) or an ISO 8601 time, got ${JSON.stringify(value.slice(0, 40))}`;
    if (name === 'from') range.from = new Date(time).toISOString();
    else range.toExclusive = new Date(time + (DAY.test(value) ? 86_400_000 : 1)).toISOString();
  }
  return range;
}
