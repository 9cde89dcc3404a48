// TanStack Router for component tests that render a screen without a router: the real module with
// <Link> as a plain anchor. Use inside vi.mock (its factory is hoisted, so import this there):
//   vi.mock('@tanstack/react-router', async (orig) => (await import('../../test/router')).withPlainLink(await orig()));
import type { ReactNode } from 'react';

function PlainLink({ to, children, ...rest }: { to: string; children: ReactNode }) {
  return (
    <a href={to} {...rest}>
      {children}
    </a>
  );
}

export function withPlainLink<T extends object>(real: T): T {
  return { ...real, Link: PlainLink };
}
