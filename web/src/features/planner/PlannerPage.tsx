import { Title } from '@mantine/core';

export function PlannerPage() {
  return <Title order={2}>PlannerPage</Title>;
}
