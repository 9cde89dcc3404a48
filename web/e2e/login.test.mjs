import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, login } from './lib/browser.mjs';
import { checkA11y } from './lib/axe.mjs';
import { startKerf } from './lib/kerf.mjs';
import { screenshot } from './lib/shots.mjs';

let kerf;
let browser;
before(async () => {
  kerf = await startKerf();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await kerf?.stop();
});

test('the app is served at / with a strict content security policy', async () => {
  const res = await fetch(`${kerf.url}/jobs/123`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /<div id="root">/);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
});

test('a wrong password is refused on the page, the right one lands on the role home', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${kerf.url}/`);
  await page.waitForURL(/\/login/);
  await checkA11y(page, 'login');
  await screenshot(page, 'login');
  await page.getByRole('textbox', { name: 'Username' }).fill('planner');
  await page.getByRole('textbox', { name: 'Password' }).fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Sign-in failed/);
  await context.close();

  const planner = await login(browser, kerf.url, 'planner');
  assert.equal(new URL(planner.url()).pathname, '/planner');
  await planner.getByTestId('live-state').and(planner.locator('[data-state="open"]')).waitFor();
  await planner.context().close();
});

test('navigation only offers what the role may do', async () => {
  const operator = await login(browser, kerf.url, 'operator');
  assert.equal(new URL(operator.url()).pathname, '/terminal');
  await operator.goto(`${kerf.url}/dashboard`);
  const opNav = await operator.getByRole('navigation').innerText();
  assert.match(opNav, /Operator terminal/);
  await operator.context().close();
  const admin = await login(browser, kerf.url, 'admin');
  await admin.goto(`${kerf.url}/dashboard`);
  const adminNav = await admin.getByRole('navigation').innerText();
  await admin.context().close();
  assert.match(adminNav, /Admin/);
  assert.match(adminNav, /Planner board/);
  assert.doesNotMatch(opNav, /Admin/);
});
