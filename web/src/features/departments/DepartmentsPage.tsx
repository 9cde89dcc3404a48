// Department boards: one kanban per department (queued, ready, running, done today, on hold).
// Built from GET /operations?department= joined with the jobs (status, due), parts and the
// department's schedule slots (work center) — no single route returns it yet.
import { Group, SegmentedControl, Select, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { plantDayStart } from '../../lib/time';
import { bucket, columns } from './kanban';
import { KanbanColumn } from './KanbanColumn';
import { allJobsQuery, byId, useLookups } from './lookups';
import type { ListOf, Operation, Slot } from './types';
import './departments.css';

const fallbackDepartments = ['laser', 'punch', 'forming', 'welding', 'polishing', 'assembly', 'shipping'];
const storageKey = 'kerf.departments.selected';

function useDepartmentBoard(department: string) {
  const ops = useQuery({
    queryKey: ['operations', { department, limit: 1000 }],
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/v1/operations', { params: { query: { department, limit: 1000 } } }),
      )) as unknown as ListOf<Operation>,
  });
  const slots = useQuery({
    queryKey: ['schedule', { department }],
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/schedule', { params: { query: { department } } }))) as unknown as ListOf<Slot>,
  });
  const jobs = useQuery(allJobsQuery);
  return { ops, slots, jobs };
}

export function DepartmentsPage() {
  const d = t.departments;
  const [dept, setDept] = useState(() => localStorage.getItem(storageKey) ?? 'laser');
  const wide = useMediaQuery('(min-width: 62em)');
  const depts = useQuery({
    queryKey: ['departments'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/departments'))) as unknown as ListOf<string>,
    staleTime: 3_600_000,
  });
  const names = depts.data?.items ?? fallbackDepartments;
  const choose = (v: string | null) => {
    if (!v) return;
    setDept(v);
    localStorage.setItem(storageKey, v);
  };
  const { ops, slots, jobs } = useDepartmentBoard(dept);
  const lookups = useLookups();
  const now = Date.now();
  const data = useMemo(() => {
    if (!ops.data || !jobs.data) return undefined;
    return bucket(ops.data.items, byId(jobs.data.items), plantDayStart(new Date()));
  }, [ops.data, jobs.data]);
  const wcOfOp = useMemo(
    () => new Map((slots.data?.items ?? []).map((s) => [s.operation_id, s.work_center_id])),
    [slots.data],
  );
  const options = names.map((n) => ({ value: n, label: d.names[n] ?? n }));

  return (
    <div className="kerf-departments">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Title order={1} size="h3">
          {d.title}
        </Title>
        {wide ? (
          <SegmentedControl data={options} value={dept} onChange={choose} aria-label={d.department} />
        ) : (
          <Select data={options} value={dept} onChange={choose} label={d.department} allowDeselect={false} w={200} />
        )}
      </Group>
      <QueryState query={ops}>
        {() => (
          <QueryState query={jobs}>
            {() =>
              data && (
                <div className="kerf-kanban" aria-label={d.names[dept] ?? dept}>
                  {columns.map((c) => (
                    <KanbanColumn
                      key={c}
                      column={c}
                      cards={data[c]}
                      parts={lookups.parts}
                      workCenters={lookups.workCenters}
                      wcOfOp={wcOfOp}
                      now={now}
                    />
                  ))}
                </div>
              )
            }
          </QueryState>
        )}
      </QueryState>
    </div>
  );
}
