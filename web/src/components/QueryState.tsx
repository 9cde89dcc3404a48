// The three states every screen has besides "data": loading, error (with retry) and empty.
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/problem';
import { t } from '../i18n';

interface Props<T> {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

export function QueryState<T>({ query, isEmpty, empty, children }: Props<T>) {
  if (query.isPending) {
    return (
      <Center py="xl" role="status" aria-live="polite">
        <Loader size="sm" mr="sm" />
        <Text c="dimmed">{t.common.loading}</Text>
      </Center>
    );
  }
  if (query.isError) {
    return (
      <Alert color="red" title={t.common.errorTitle} role="alert">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{errorMessage(query.error)}</Text>
          <Button size="xs" variant="light" onClick={() => void query.refetch()}>
            {t.common.retry}
          </Button>
        </Stack>
      </Alert>
    );
  }
  const data = query.data as T;
  if (isEmpty?.(data)) {
    return (
      <Center py="xl">
        <Text c="dimmed">{empty ?? t.common.noData}</Text>
      </Center>
    );
  }
  return <>{children(data)}</>;
}
