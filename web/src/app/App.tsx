// Providers: theme, server state (TanStack Query), notifications, live events, routes.
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useEffect } from 'react';
import { connectEvents } from '../api/events';
import { useMe } from '../auth/session';
import { setPlantZone } from '../lib/time';
import { queryClient } from './queryClient';
import { router } from './router';

const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 keeps white-on-filled and light-variant text above WCAG AA contrast (axe).
  primaryShade: 8,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  headings: { fontWeight: '700' },
});


// Keeps the events socket open while someone is signed in, and the plant zone current.
function Live() {
  const { data } = useMe();
  const signedIn = Boolean(data);
  useEffect(() => {
    setPlantZone(data?.plant_time_zone);
  }, [data?.plant_time_zone]);
  useEffect(() => (signedIn ? connectEvents(queryClient) : undefined), [signedIn]);
  return null;
}

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <Notifications position="top-right" />
        <Live />
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
