import { describe, expect, it } from 'vitest';
import { badgeFormErrors, pinError, userFormErrors } from './validate';

describe('badge + PIN', () => {
  it('a PIN is 4 to 8 digits', () => {
    expect(pinError('1234')).toBeUndefined();
    expect(pinError('12345678')).toBeUndefined();
    expect(pinError('123')).toBeDefined();
    expect(pinError('123456789')).toBeDefined();
    expect(pinError('12a4')).toBeDefined();
  });
  it('the PIN must be typed the same twice and the badge has no spaces', () => {
    expect(badgeFormErrors({ badge: 'B-1001', pin: '1234', pin2: '1234' })).toEqual({});
    expect(Object.keys(badgeFormErrors({ badge: 'B 1', pin: '1234', pin2: '4321' }))).toEqual(['badge', 'pin2']);
  });
});

describe('new user', () => {
  it('requires a username without spaces, a name, 8+ character password and a role', () => {
    expect(userFormErrors({ username: 'a.b', display_name: 'A B', password: '12345678', roles: ['operator'] })).toEqual({});
    expect(Object.keys(userFormErrors({ username: 'a b', display_name: '', password: 'x', roles: [] })).sort()).toEqual([
      'display_name',
      'password',
      'roles',
      'username',
    ]);
  });
});
