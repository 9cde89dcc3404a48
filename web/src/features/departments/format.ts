// Display forms shared by the floor screens.

// "stainless_304" → "stainless 304".
export function fmtMaterial(m: string | null | undefined): string {
  return m ? m.replace(/_/g, ' ') : '';
}

// A thickness in mm, or "" for none (assemblies carry 0).
export function fmtThickness(mm: number | null | undefined): string {
  return mm ? `${mm} mm` : '';
}

// Run time per piece: "45 s", "2 min 10 s".
export function fmtPerPiece(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const r = s % 60;
  return r === 0 ? `${m} min` : `${m} min ${r} s`;
}
