// Filled badge colours of the board states, dark enough for white text at WCAG AA.
export const stateColor = {
  queued: '#495057',
  planned: '#495057',
  ready: '#1a5a9e',
  running: '#1e6b30',
  paused: '#a94400',
  done: '#0b6e63',
  complete: '#0b6e63',
  hold: '#a94400',
} as Record<string, string>;
