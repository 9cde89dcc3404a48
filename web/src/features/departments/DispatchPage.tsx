import { Title } from '@mantine/core';

export function DispatchPage() {
  return <Title order={2}>DispatchPage</Title>;
}
