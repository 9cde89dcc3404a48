import { Title } from '@mantine/core';

export function HeatLotPage() {
  return <Title order={2}>HeatLotPage</Title>;
}
