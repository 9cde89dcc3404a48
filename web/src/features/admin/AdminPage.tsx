import { Title } from '@mantine/core';

export function AdminPage() {
  return <Title order={2}>AdminPage</Title>;
}
