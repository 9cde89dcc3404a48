// A job's share of the sheets it was traced to (material_consumptions.sheet_share), to two
// decimals: "1", "0.73", "0.5".
export function fmtShare(share: number): string {
  const r = Math.round(share * 100) / 100;
  return Number.isInteger(r) ? String(r) : r.toFixed(2).replace(/0$/, '');
}
