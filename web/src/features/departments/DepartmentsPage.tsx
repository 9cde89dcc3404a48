import { Title } from '@mantine/core';

export function DepartmentsPage() {
  return <Title order={2}>DepartmentsPage</Title>;
}
