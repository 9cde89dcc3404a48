// Response shapes the Load & capacity screen reads (until openapi.json types them).

export type Granularity = 'day' | 'week';

export interface LoadItem {
  work_center_id: number;
  work_center_code: string;
  start: string;
  end: string;
  planned_s: number;
  available_s: number;
  load: number;
}

// GET /schedule/load
export interface LoadResponse {
  from: string;
  to?: string;
  granularity: Granularity;
  items: LoadItem[];
}

// GET /work-centers (the members this screen uses)
export interface WorkCenterRow {
  id: number;
  code: string;
  name: string;
  department: string;
  status: string;
}
