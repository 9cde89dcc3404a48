import { Title } from '@mantine/core';

export function LoadPage() {
  return <Title order={2}>LoadPage</Title>;
}
