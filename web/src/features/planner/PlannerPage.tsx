// The planner board: the resource Gantt of the committed schedule with drag-to-reschedule,
// pinning, scheduler runs (what-if, compare, commit), late jobs and repair proposals.
import { Box, Group, Paper, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearch } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { onEvent } from '../../api/events';
import { useCan } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { boardQuery, conflictsQuery, repairRunsQuery, runQuery } from './api';
import type { ColourMode } from './boardItems';
import type { GanttHandle } from './GanttTimeline';
import { LateJobsPanel } from './LateJobsPanel';
import { PlannerBoard } from './PlannerBoard';
import { PlannerToolbar, ZOOMS } from './PlannerToolbar';
import { RepairBanner } from './RepairBanner';
import { RunDrawer } from './RunDrawer';
import { useBoardActions } from './useBoardActions';

const HOUR = 3_600_000;
const NO_HIGHLIGHT: ReadonlySet<number> = new Set();

// The newest uncommitted repair proposal: from the live event, else from the runs list.
function useRepairProposal(dismissed: ReadonlySet<number>): number | null {
  const [live, setLive] = useState<number | null>(null);
  useEffect(
    () =>
      onEvent((e) => {
        if (e.topic === 'schedule.repair_proposed' && typeof e.payload.run_id === 'number') setLive(e.payload.run_id);
      }),
    [],
  );
  const listed = useQuery(repairRunsQuery());
  const fromList = listed.data?.items.find((r) => !r.committed && r.status === 'succeeded')?.id ?? null;
  const id = live ?? fromList;
  return id !== null && !dismissed.has(id) ? id : null;
}

export function PlannerPage() {
  const can = useCan();
  const canEdit = can('POST /api/v1/schedule/slots/{id}/move');
  const canRun = can('POST /api/v1/schedule/runs');
  const search = useSearch({ strict: false }) as { wc?: number; at?: string };
  const board = useQuery(boardQuery());
  const actions = useBoardActions(board.data);
  const gantt = useRef<GanttHandle>(null);

  const [mode, setMode] = useState<ColourMode>('job');
  const [selection, setSelection] = useState<number[]>([]);
  const [runOpen, setRunOpen] = useState(false);
  const [runId, setRunId] = useState<number | null>(null);
  const [lateOpen, setLateOpen] = useState(false);
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(new Set());
  const [highlight, setHighlight] = useState<ReadonlySet<number>>(NO_HIGHLIGHT);
  const repairId = useRepairProposal(dismissed);

  const run = useQuery(runQuery(runId));
  const conflicts = useQuery({ ...conflictsQuery(), enabled: lateOpen && !run.data?.late_jobs });
  const lateJobs = run.data?.late_jobs ?? conflicts.data?.late_jobs ?? null;
  const lateSource = run.data?.late_jobs ? t.planner.lateJobsFromRun(run.data.id) : t.planner.lateJobsCurrent;

  // Focus from the URL (Load & capacity → a work center and a day), once the board is drawn.
  const focused = useRef(false);
  const boardData = board.data;
  useEffect(() => {
    if (focused.current || !boardData || !gantt.current || (!search.wc && !search.at)) return;
    focused.current = true;
    const at = search.at ? Date.parse(search.at) : Date.parse(boardData.now);
    const first = boardData.slots
      .filter((s) => s.work_center_id === search.wc && Date.parse(s.end) > at)
      .sort((a, b) => a.start.localeCompare(b.start))[0];
    if (first) gantt.current.setSelection([first.id], true);
    gantt.current.setWindow(new Date(at - 2 * HOUR), new Date(at + 26 * HOUR));
  }, [boardData, search.wc, search.at]);

  const empty = useMemo(() => (boardData ? boardData.slots.length === 0 : false), [boardData]);

  return (
    <Stack gap="xs" h="calc(100dvh - 52px - 2 * var(--mantine-spacing-md))">
      <PlannerToolbar
        mode={mode}
        onMode={setMode}
        onZoom={(z) => gantt.current?.zoomTo(ZOOMS[z])}
        onToday={() => {
          const now = Date.now();
          gantt.current?.setWindow(new Date(now - 4 * HOUR), new Date(now + 20 * HOUR));
        }}
        canEdit={canEdit}
        canRun={canRun}
        selection={selection}
        onPin={(pinned) => void actions.pin(selection, pinned)}
        onClearSelection={() => {
          gantt.current?.setSelection([]);
          setSelection([]);
        }}
        lateCount={lateJobs ? lateJobs.length : null}
        lateOpen={lateOpen}
        onToggleLate={() => setLateOpen((o) => !o)}
        onRun={() => setRunOpen(true)}
      />
      {repairId !== null && (
        <RepairBanner
          runId={repairId}
          canCommit={canRun}
          highlight={highlight.size > 0}
          onHighlight={(on, ids) => setHighlight(on ? new Set(ids) : NO_HIGHLIGHT)}
          onDismiss={() => setDismissed((d) => new Set([...d, repairId]))}
        />
      )}
      <Group align="stretch" gap="xs" wrap="nowrap" style={{ flex: 1, minHeight: 0 }}>
        <Box style={{ flex: 1, minWidth: 0, minHeight: 0 }}>
          <QueryState query={board}>
            {(b) => (
              <Stack gap={4} h="100%">
                {empty && (
                  <Paper withBorder p="xs" c="gray.7" fz="sm">
                    {t.planner.empty}
                  </Paper>
                )}
                <Box style={{ flex: 1, minHeight: 0 }}>
                  <PlannerBoard
                    ref={gantt}
                    board={b}
                    mode={mode}
                    canEdit={canEdit}
                    highlight={highlight}
                    focusWc={search.wc}
                    onMove={actions.move}
                    onSelect={setSelection}
                    onPin={(ids, pinned) => void actions.pin(ids, pinned)}
                  />
                </Box>
              </Stack>
            )}
          </QueryState>
        </Box>
        {lateOpen && (
          <Paper withBorder p="sm" w={360} style={{ flex: 'none', minHeight: 0, display: 'flex' }}>
            {lateJobs ? (
              <LateJobsPanel jobs={lateJobs} source={lateSource} codeOf={actions.codeOf} />
            ) : (
              <QueryState query={conflicts}>{() => null}</QueryState>
            )}
          </Paper>
        )}
      </Group>
      {canRun && (
        <RunDrawer opened={runOpen} onClose={() => setRunOpen(false)} runId={runId} onRunId={setRunId} />
      )}
    </Stack>
  );
}
