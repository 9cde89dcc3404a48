// Desk sign-in with username and password; the server sets the HttpOnly session cookie.
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { errorMessage } from '../api/problem';
import { homeFor } from '../app/nav';
import { t } from '../i18n';

export function LoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const client = useQueryClient();
  const navigate = useNavigate();
  const search = useSearch({ from: '/login' });

  const login = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/login', { body: { username, password } })),
    onSuccess: async (data) => {
      await client.invalidateQueries({ queryKey: ['me'] });
      const roles = (data as unknown as { user?: { roles?: string[] } }).user?.roles ?? [];
      const target = search.redirect && search.redirect !== '/login' ? search.redirect : homeFor(roles);
      await navigate({ to: target });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };

  return (
    <Center mih="100vh" className="kerf-login">
      <Paper component="main" shadow="md" p="xl" radius="md" w={380} withBorder>
        <form onSubmit={submit} aria-label={t.auth.title}>
          <Stack>
            <div>
              <Title order={1} size="h2">
                {t.auth.title}
              </Title>
              <Text c="dimmed" size="sm">
                {t.auth.subtitle}
              </Text>
            </div>
            {login.isError && (
              <Alert color="red" title={t.auth.failed} role="alert">
                {errorMessage(login.error)}
              </Alert>
            )}
            <TextInput
              label={t.auth.username}
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              required
              autoFocus
            />
            <PasswordInput
              label={t.auth.password}
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
            />
            <Button type="submit" loading={login.isPending} size="md">
              {t.auth.signIn}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
