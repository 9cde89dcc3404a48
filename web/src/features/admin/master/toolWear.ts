// How worn a punch tool is: remaining hits, the remaining fraction of its life, and a state
// (worn below 10 % left, expired at none left).
import type { Tool } from '../types';

export interface Wear {
  remaining: number;
  fraction: number;
  state: 'ok' | 'worn' | 'expired';
}

export function toolWear(tool: Pick<Tool, 'life_hits_max' | 'hits_used'>): Wear {
  const remaining = Math.max(0, tool.life_hits_max - tool.hits_used);
  const fraction = tool.life_hits_max > 0 ? remaining / tool.life_hits_max : 0;
  const state = remaining === 0 ? 'expired' : fraction < 0.1 ? 'worn' : 'ok';
  return { remaining, fraction, state };
}
