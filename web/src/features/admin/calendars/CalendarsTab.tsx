// Shift calendars: pick one, see its week, edit shifts, holidays and overtime (writers).
import { Group, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { QueryState } from '../../../components/QueryState';
import { t } from '../../../i18n';
import { keys, listCalendars } from '../api';
import { CalendarEditor } from './CalendarEditor';

export function CalendarsTab({ canWrite }: { canWrite: boolean }) {
  const query = useQuery({ queryKey: keys.calendars, queryFn: listCalendars });
  const [picked, setPicked] = useState<number | null>(null);

  return (
    <QueryState query={query} isEmpty={(d) => d.length === 0}>
      {(calendars) => {
        const current = calendars.find((c) => c.id === picked) ?? calendars[0]!;
        return (
          <>
            <Group mb="md">
              <Select
                label={t.admin.cal.pick}
                data={calendars.map((c) => ({ value: String(c.id), label: c.name }))}
                value={String(current.id)}
                onChange={(v) => v && setPicked(Number(v))}
                allowDeselect={false}
                w={340}
              />
            </Group>
            <CalendarEditor
              key={current.id}
              calendar={current}
              canWrite={canWrite}
              reload={async () => (await query.refetch()).data?.find((c) => c.id === current.id)}
            />
          </>
        );
      }}
    </QueryState>
  );
}
