import { Title } from '@mantine/core';

export function TerminalPage() {
  return <Title order={2}>TerminalPage</Title>;
}
