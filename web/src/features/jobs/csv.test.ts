import { describe, expect, it } from 'vitest';
import { groupImportErrors, importTable, IMPORT_TEMPLATE, parseCsv } from './csv';

describe('job import CSV', () => {
  it('numbers records by the physical line they start on, like the server', () => {
    const text = 'number,due\r\nJ-1,"a\nb"\n\nJ-2,"say ""hi"""\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['number', 'due'] },
      { line: 2, fields: ['J-1', 'a\nb'] },
      { line: 5, fields: ['J-2', 'say "hi"'] },
    ]);
  });

  it('splits header and rows of the template', () => {
    const table = importTable(IMPORT_TEMPLATE);
    expect(table.header).toContain('customer_code');
    expect(table.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('groups server errors per line and keeps file-level errors apart', () => {
    const g = groupImportErrors([
      { field: 'rows/3/quantity', message: 'not an integer: abc' },
      { field: 'rows/3/due', message: 'bad' },
      { field: 'header', message: 'missing column due' },
    ]);
    expect(g.byLine.get(3)).toEqual([
      { column: 'quantity', message: 'not an integer: abc' },
      { column: 'due', message: 'bad' },
    ]);
    expect(g.general).toEqual([{ field: 'header', message: 'missing column due' }]);
  });
});
