// Filled colours of the dark terminal, dark enough for white text at WCAG AA (≥ 4.5:1).
export const tc = {
  go: '#1e6b30',
  pause: '#a94400',
  done: '#1a5a9e',
  stop: '#a82424',
  ready: '#1a5a9e',
  neutral: '#495057',
} as const;
