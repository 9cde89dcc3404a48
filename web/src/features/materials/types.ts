// Response shapes of the material routes (docs/api.md), cast once per call in api.ts.
import type { Consumption } from '../jobs/types';
import type { TraceNest } from '../laser/types';

export const MATERIALS = ['stainless_304', 'stainless_316', 'mild_steel', 'aluminium_5052', 'galvanised'] as const;

export interface Sheet {
  id: number;
  material: string;
  thickness_mm: number;
  length_mm: number;
  width_mm: number;
  quantity: number;
  location: string;
  heat_lot_id: number;
  is_remnant: boolean;
  parent_sheet_id: number | null;
  version: number;
}

export interface HeatLot {
  id: number;
  number: string;
  material: string;
  supplier: string;
  mill_cert_ref: string;
  received: string;
  version: number;
}

export interface ReceiveResult {
  sheet: Sheet;
  heat_lot: HeatLot;
  heat_lot_created: boolean;
}

// GET /materials/heat-lots/{id}/trace
export interface HeatLotTrace {
  heat_lot: HeatLot;
  sheets: Sheet[];
  consumptions: Consumption[];
  jobs: {
    job_id: number;
    job_number: string;
    part: { id: number; number: string; revision?: string; description?: string } | null;
    customer: { id: number; code: string; name: string } | null;
    quantity: number;
    sheet_share: number;
  }[];
  // Sigmanest programs cut from the lot's sheets, with their jobs.
  nests: TraceNest[];
}
