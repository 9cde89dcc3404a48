import { Title } from '@mantine/core';

export function MaterialsPage() {
  return <Title order={2}>MaterialsPage</Title>;
}
