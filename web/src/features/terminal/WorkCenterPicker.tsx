// Choosing the work center this station works on (grouped by department).
import { Button, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { allWorkCentersQuery } from '../departments/lookups';
import type { WorkCenter } from '../departments/types';

export function WorkCenterPicker({ onPick }: { onPick: (wc: WorkCenter) => void }) {
  const wcs = useQuery(allWorkCentersQuery);
  const k = t.terminal;
  return (
    <Paper className="kerf-term-panel" p="md" radius="md">
      <Title order={2} size="h3" mb="sm">
        {k.pickWorkCenter}
      </Title>
      <QueryState query={wcs} isEmpty={(d) => d.items.length === 0}>
        {(data) => {
          const depts = [...new Set(data.items.map((w) => w.department))];
          return (
            <Stack gap="md">
              {depts.map((dept) => (
                <section key={dept} aria-label={t.departments.names[dept] ?? dept}>
                  <Text fw={700} tt="uppercase" size="sm" c="gray.4" mb={6}>
                    {t.departments.names[dept] ?? dept}
                  </Text>
                  <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs">
                    {data.items
                      .filter((w) => w.department === dept)
                      .map((w) => (
                        <Button
                          key={w.id}
                          size="lg"
                          h="auto"
                          mih={56}
                          py={8}
                          variant="default"
                          className="kerf-term-wc"
                          onClick={() => onPick(w)}
                          justify="flex-start"
                        >
                          <span>
                            <strong>{w.code}</strong>
                            <br />
                            <small>{w.name}</small>
                          </span>
                        </Button>
                      ))}
                  </SimpleGrid>
                </section>
              ))}
            </Stack>
          );
        }}
      </QueryState>
    </Paper>
  );
}
