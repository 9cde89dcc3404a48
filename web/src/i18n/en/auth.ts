export const auth = {
  title: 'Sign in to kerf',
  subtitle: 'Manufacturing execution for the shop floor',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  failed: 'Sign-in failed',
  badgeTab: 'Badge + PIN',
  passwordTab: 'Username',
  badge: 'Badge',
  badgeHint: 'Scan your badge or type its number',
  pin: 'PIN',
  throttled: (s: number) => `Too many attempts. Try again in ${s} s.`,
};
