import { Navigate } from '@tanstack/react-router';
import { useMe } from '../auth/session';
import { homeFor } from './nav';

export function HomeRedirect() {
  const { data } = useMe();
  if (!data) return null;
  return <Navigate to={homeFor(data.roles)} replace />;
}
