// Client-side checks of the user forms, mirroring the server's rules (which still decide).
import { t } from '../../../i18n';

const m = t.admin.users;

export function pinError(pin: string): string | undefined {
  return /^[0-9]{4,8}$/.test(pin) ? undefined : m.pinInvalid;
}

export function badgeError(badge: string): string | undefined {
  return /^[\x21-\x7e]{3,64}$/.test(badge.trim()) ? undefined : m.badgeInvalid;
}

export interface BadgeForm {
  badge: string;
  pin: string;
  pin2: string;
}

export function badgeFormErrors(f: BadgeForm): Partial<Record<keyof BadgeForm, string>> {
  const e: Partial<Record<keyof BadgeForm, string>> = {};
  const b = badgeError(f.badge);
  if (b) e.badge = b;
  const p = pinError(f.pin);
  if (p) e.pin = p;
  else if (f.pin !== f.pin2) e.pin2 = m.pinMismatch;
  return e;
}

export interface UserForm {
  username: string;
  display_name: string;
  password: string;
  roles: string[];
}

export function userFormErrors(f: UserForm): Partial<Record<keyof UserForm, string>> {
  const e: Partial<Record<keyof UserForm, string>> = {};
  if (!/^\S+$/.test(f.username)) e.username = m.usernameInvalid;
  if (f.display_name.trim() === '') e.display_name = m.displayNameRequired;
  if (f.password.length < 8) e.password = m.passwordShort;
  if (f.roles.length === 0) e.roles = m.rolesRequired;
  return e;
}
