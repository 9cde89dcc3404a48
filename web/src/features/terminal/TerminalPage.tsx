// The operator terminal: a dark, large-type, touch-first full-screen page for shared stations.
// Without a session it shows the badge sign-in; a desk session (operator via /login) is used
// as it is.
import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useMe, useSignOut } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { BadgeSignIn } from './BadgeSignIn';
import { Station } from './Station';
import './terminal.css';

// Dark colours while the terminal is shown, without touching the desk's saved preference.
function useDarkScheme() {
  useEffect(() => {
    const root = document.documentElement;
    const before = root.getAttribute('data-mantine-color-scheme');
    root.setAttribute('data-mantine-color-scheme', 'dark');
    return () => {
      if (before) root.setAttribute('data-mantine-color-scheme', before);
    };
  }, []);
}

export function TerminalPage() {
  useDarkScheme();
  const me = useMe();
  const signOut = useSignOut();
  const client = useQueryClient();
  return (
    <div className="kerf-term">
      {me.isPending ? (
        <Center mih="100vh">
          <Loader />
        </Center>
      ) : (
        <QueryState query={me}>
          {(user) =>
            user ? (
              <Station
                me={user}
                onSignOut={() => {
                  void signOut().then(() => client.invalidateQueries({ queryKey: ['me'] }));
                }}
              />
            ) : (
              <BadgeSignIn />
            )
          }
        </QueryState>
      )}
    </div>
  );
}
