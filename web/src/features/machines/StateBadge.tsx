// A machine state as a filled badge: colour plus the state word (never colour alone).
import { asState, stateStyle } from './model';
import { t } from '../../i18n';

export function StateBadge({ state, size = 'md' }: { state: string; size?: 'sm' | 'md' | 'lg' }) {
  const s = asState(state);
  const st = stateStyle[s];
  return (
    <span
      className="kerf-mstate"
      data-state={s}
      data-size={size}
      style={{ backgroundColor: st.bg, color: st.fg }}
      title={t.machines.states[s]}
    >
      {t.machines.stateShort[s]}
    </span>
  );
}
