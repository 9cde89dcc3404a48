// The week at a glance: one row per weekday (Mon..Sun) over 24 hours, shifts as blocks with
// their breaks cut out; a night shift continues on the next day's row. Clicking a row picks
// that day in the shift editor. The list editor beside it is the accessible way to read it.
import { Box, Text, UnstyledButton } from '@mantine/core';
import { t } from '../../../i18n';
import type { Shift } from '../types';
import { DAY_MINUTES, toHHMM } from './model';
import classes from './WeekGrid.module.css';

interface Segment {
  start: number;
  end: number;
  kind: 'shift' | 'break';
  label: string;
}

// The blocks drawn on each weekday row, night shifts split at midnight.
export function weekSegments(week: Shift[][]): Segment[][] {
  const rows: Segment[][] = week.map(() => []);
  week.forEach((day, d) => {
    const put = (start: number, end: number, kind: Segment['kind'], label: string) => {
      if (start < DAY_MINUTES) rows[d]!.push({ start, end: Math.min(end, DAY_MINUTES), kind, label });
      if (end > DAY_MINUTES) rows[(d + 1) % 7]!.push({ start: Math.max(0, start - DAY_MINUTES), end: end - DAY_MINUTES, kind, label });
    };
    for (const s of day) {
      put(s.start_minute, s.end_minute, 'shift', `${s.name} ${toHHMM(s.start_minute)}–${toHHMM(s.end_minute)}`);
      for (const b of s.breaks) put(b.start_minute, b.end_minute, 'break', `${toHHMM(b.start_minute)}–${toHHMM(b.end_minute)}`);
    }
  });
  return rows;
}

const pct = (minute: number) => `${(minute / DAY_MINUTES) * 100}%`;
const HOURS = [0, 3, 6, 9, 12, 15, 18, 21, 24];

interface Props {
  name: string;
  week: Shift[][];
  selectedDay: number;
  onSelectDay: (day: number) => void;
}

export function WeekGrid({ name, week, selectedDay, onSelectDay }: Props) {
  const rows = weekSegments(week);
  return (
    <Box className={classes.grid} role="group" aria-label={t.admin.cal.weekGridLabel(name)} data-testid="week-grid">
      <div />
      <div className={classes.axis} aria-hidden>
        {HOURS.map((h) => (
          <span key={h} className={classes.tick} style={{ left: pct(h * 60) }}>
            {String(h).padStart(2, '0')}
          </span>
        ))}
      </div>
      {rows.map((segments, d) => (
        <RowOf key={d} day={d} segments={segments} selected={d === selectedDay} onSelect={() => onSelectDay(d)} />
      ))}
    </Box>
  );
}

function RowOf({ day, segments, selected, onSelect }: { day: number; segments: Segment[]; selected: boolean; onSelect: () => void }) {
  const label = t.admin.cal.days[day]!;
  return (
    <>
      <UnstyledButton onClick={onSelect} className={classes.day} data-selected={selected || undefined} aria-pressed={selected} aria-label={`${t.admin.cal.daysShort[day]} (${label})`}>
        <Text size="xs" fw={selected ? 700 : 500}>
          {t.admin.cal.daysShort[day]}
        </Text>
      </UnstyledButton>
      <div className={classes.track} data-selected={selected || undefined} onClick={onSelect} aria-hidden>
        {HOURS.slice(1, -1).map((h) => (
          <span key={h} className={classes.hourLine} style={{ left: pct(h * 60) }} />
        ))}
        {segments.length === 0 && <span className={classes.closed}>{t.admin.cal.legendClosed}</span>}
        {segments.map((s, i) => (
          <span key={i} className={s.kind === 'shift' ? classes.shift : classes.break} style={{ left: pct(s.start), width: pct(s.end - s.start) }} title={s.label}>
            {s.kind === 'shift' && s.end - s.start >= 150 ? s.label : ''}
          </span>
        ))}
      </div>
    </>
  );
}
