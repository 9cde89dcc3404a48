// The job import file as the server reads it (src/app/job_import.cpp): RFC 4180 records whose
// errors come back as `rows/<physical line>/<column>`. Parsed here only to show the rows beside
// the server's verdict; the server stays the judge of what is valid.

export const IMPORT_COLUMNS = [
  'number',
  'part_number',
  'part_revision',
  'customer_code',
  'quantity',
  'due',
  'priority',
] as const;

export const IMPORT_TEMPLATE =
  `${IMPORT_COLUMNS.join(',')}\n` +
  'J-30001,PTT-1200x600-S4,A,C-001,40,2026-12-18T14:00:00Z,3\n' +
  'J-30002,PTU-1200x600-S4,,C-002,25,2026-12-21,2\n';

export interface CsvRecord {
  line: number; // 1-based physical line on which the record starts
  fields: string[];
}

// Splits CSV text into records (quoted fields, "" escapes, CRLF/LF, blank lines skipped).
export function parseCsv(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let endOfRecord = false;
    while (i < n && !endOfRecord) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        if (c === '"') quoted = false;
        else {
          if (c === '\n') line += 1;
          field += c;
        }
        i += 1;
        continue;
      }
      if (c === '"') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i += 1;
        line += 1;
        endOfRecord = true;
      } else field += c;
      i += 1;
    }
    fields.push(field);
    const blank = fields.length === 1 && fields[0]!.trim() === '';
    if (!blank) out.push({ line: start, fields });
  }
  return out;
}

export interface ImportTable {
  header: string[];
  rows: CsvRecord[];
}

export function importTable(text: string): ImportTable {
  const records = parseCsv(text);
  const [head, ...rows] = records;
  return { header: (head?.fields ?? []).map((h) => h.trim()), rows };
}

export interface RowErrors {
  byLine: Map<number, { column: string; message: string }[]>;
  general: { field: string; message: string }[];
}

// Groups the server's field errors by file line ("rows/3/due" → line 3, column due); errors not
// about a row (header, body) are general.
export function groupImportErrors(errors: readonly { field: string; message: string }[]): RowErrors {
  const byLine = new Map<number, { column: string; message: string }[]>();
  const general: { field: string; message: string }[] = [];
  for (const e of errors) {
    const m = /^rows\/(\d+)(?:\/(.*))?$/.exec(e.field);
    if (!m) {
      general.push(e);
      continue;
    }
    const line = Number(m[1]);
    const list = byLine.get(line) ?? [];
    list.push({ column: m[2] ?? '', message: e.message });
    byLine.set(line, list);
  }
  return { byLine, general };
}
