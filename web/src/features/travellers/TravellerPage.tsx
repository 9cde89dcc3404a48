import { Title } from '@mantine/core';

export function TravellerPage() {
  return <Title order={2}>TravellerPage</Title>;
}
