// One kanban column with its WIP count; the cards scroll virtualised (a column can hold
// hundreds of queued operations).
import { Badge, Group, Paper, Text, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { t } from '../../i18n';
import type { Card, Column } from './kanban';
import { KanbanCard } from './KanbanCard';
import { stateColor } from './palette';
import type { Part, WorkCenter } from './types';

const colors: Record<Column, string> = {
  queued: 'gray',
  ready: 'blue',
  running: 'green',
  done: 'teal',
  hold: 'orange',
};

interface Props {
  column: Column;
  cards: Card[];
  parts: ReadonlyMap<number, Part>;
  workCenters: ReadonlyMap<number, WorkCenter>;
  wcOfOp: ReadonlyMap<number, number>;
  now: number;
}

export function KanbanColumn({ column, cards, parts, workCenters, wcOfOp, now }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 98,
    overscan: 6,
    getItemKey: (i) => cards[i]?.op.id ?? i,
  });
  const d = t.departments;
  const headingId = `kanban-col-${column}`;
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      radius="md"
      className="kerf-kanban-col"
      data-column={column}
    >
      <Group justify="space-between" p="xs" className="kerf-kanban-head" data-color={colors[column]} wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Title order={2} size="sm" id={headingId}>
            {d.columns[column]}
          </Title>
          <Text size="xs" c="dimmed" truncate title={d.columnHint[column]}>
            {d.columnHint[column]}
          </Text>
        </div>
        <Badge color={stateColor[column]} variant="filled" size="lg" aria-label={d.wip(cards.length)} style={{ flexShrink: 0 }} miw={36}>
          {cards.length}
        </Badge>
      </Group>
      <div ref={scroller} className="kerf-kanban-scroll">
        {cards.length === 0 && (
          <Text size="sm" c="dimmed" ta="center" py="md">
            {d.emptyColumn}
          </Text>
        )}
        <div style={{ height: virt.getTotalSize(), position: 'relative' }} role="list" aria-labelledby={headingId}>
          {virt.getVirtualItems().map((row) => {
            const card = cards[row.index]!;
            const wcId = wcOfOp.get(card.op.id);
            const eligible = card.op.eligible_work_center_ids
              .map((id) => workCenters.get(id)?.code)
              .filter(Boolean)
              .join(', ');
            return (
              <div
                key={row.key}
                role="listitem"
                data-index={row.index}
                ref={virt.measureElement}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}
                className="kerf-kanban-row"
              >
                <KanbanCard
                  card={card}
                  partNumber={parts.get(card.job.part_id)?.number ?? ''}
                  workCenter={wcId !== undefined ? workCenters.get(wcId) : undefined}
                  eligible={eligible ? d.anyOf(eligible) : ''}
                  now={now}
                />
              </div>
            );
          })}
        </div>
      </div>
    </Paper>
  );
}
