// What a scanned or typed code means: `OP-<operation id>` or a job number (anything else).
export type ScanCode = { kind: 'operation'; id: number } | { kind: 'job'; number: string } | null;

export function parseScan(raw: string): ScanCode {
  const code = raw.trim().toUpperCase();
  if (code === '') return null;
  const op = /^OP-?(\d{1,12})$/.exec(code);
  if (op) return { kind: 'operation', id: Number(op[1]) };
  return { kind: 'job', number: code };
}
