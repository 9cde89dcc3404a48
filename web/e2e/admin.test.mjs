// Admin screen against the real kerf: users + badge, calendar edit persisted, work center down
// and back, audit log for quality, and who sees which tab.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch } from './lib/browser.mjs';
import { checkA11y } from './lib/axe.mjs';
import { apiAs, startKerf } from './lib/kerf.mjs';
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


// Sign-in through the form. (The password field is found by name: Mantine's "Toggle password
// visibility" button also matches the label "Password".)
async function signIn(username, viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${kerf.url}/login`);
  await page.getByLabel('Username').fill(username);
  await page.locator('input[name=password]').fill('kerf-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

const tab = (page, name) => page.getByRole('tab', { name });

test('admin creates an operator and gives it a station badge + PIN', async () => {
  const page = await signIn('admin');
  await page.goto(`${kerf.url}/admin?tab=users`);
  await page.getByTestId('users-table').waitFor();
  await checkA11y(page, 'admin users');
  await screenshot(page, 'admin-users');

  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create user' });
  await dialog.getByLabel('Username').fill('e2e.op');
  await dialog.getByLabel('Display name').fill('E2E Operator');
  await dialog.locator('input[type=password]').fill('short');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.getByText('At least 8 characters').waitFor();
  await dialog.getByText('Choose at least one role').waitFor();
  await dialog.locator('input[type=password]').fill('e2e-operator-pw');
  await dialog.getByRole('combobox', { name: 'Roles' }).click();
  await page.getByRole('option', { name: 'operator' }).click();
  await page.keyboard.press('Escape');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await page.getByText('User e2e.op created').waitFor();
  await page.locator('[data-row-id]', { hasText: 'e2e.op' }).waitFor();

  const admin = await apiAs(kerf.url, 'admin');
  const users = await admin('GET', '/users?limit=1000');
  const created = users.body.items.find((u) => u.username === 'e2e.op');
  assert.deepEqual(created?.roles, ['operator']);
  const login = await fetch(`${kerf.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'e2e.op', password: 'e2e-operator-pw' }),
  });
  assert.equal(login.status, 200);

  // Badge + PIN: the PIN is masked and checked (4-8 digits, typed twice) before any request.
  await page.getByRole('button', { name: 'Badge + PIN: e2e.op' }).click();
  const badge = page.getByRole('dialog', { name: 'Station badge of e2e.op' });
  await badge.getByLabel('Badge number').fill('B-E2E-1');
  const pins = badge.locator('input[type=password]');
  assert.equal(await pins.count(), 2);
  await pins.nth(0).fill('12');
  await pins.nth(1).fill('12');
  await badge.getByRole('button', { name: 'Set badge' }).click();
  await badge.getByText('PIN must be 4 to 8 digits').waitFor();
  await pins.nth(0).fill('4711');
  await pins.nth(1).fill('4712');
  await badge.getByText('The two PINs differ').waitFor();
  await pins.nth(1).fill('4711');

  await badge.getByRole('button', { name: 'Set badge' }).click();
  await page.getByText('Badge and PIN set').waitFor();
  const station = await fetch(`${kerf.url}/api/v1/auth/badge`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ badge: 'B-E2E-1', pin: '4711' }),
  });
  assert.equal(station.status, 200, 'the new badge + PIN signs in at a station');
  assert.equal((await station.json()).user.username, 'e2e.op');
  await page.context().close();
});

test('admin adds a holiday to a calendar and it is still there after a reload', async () => {
  const page = await signIn('admin');
  await page.goto(`${kerf.url}/admin?tab=calendars`);
  await page.getByTestId('week-grid').waitFor();
  await page.getByLabel('Calendar', { exact: true }).first().click();
  await page.getByRole('option', { name: 'Two shifts Mon-Fri', exact: true }).click();
  await page.getByText('80.0 working hours per week').waitFor();
  await checkA11y(page, 'admin calendars');
  await screenshot(page, 'admin-calendars');

  await page.getByLabel('Holiday date').fill('2027-03-15');
  await page.getByRole('button', { name: 'Add holiday' }).click();
  await page.locator('[data-holiday="2027-03-15"]').waitFor();
  await page.getByText('Unsaved changes').waitFor();
  await page.getByRole('button', { name: 'Save calendar' }).click();

  await page.getByText('Calendar Two shifts Mon-Fri saved').waitFor();
  await page.reload();
  await page.getByLabel('Calendar', { exact: true }).first().click();
  await page.getByRole('option', { name: 'Two shifts Mon-Fri', exact: true }).click();
  await page.locator('[data-holiday="2027-03-15"]').waitFor();
  const planner = await apiAs(kerf.url, 'planner');
  const cals = await planner('GET', '/calendars');
  const cal = cals.body.items.find((c) => c.name === 'Two shifts Mon-Fri');
  assert.ok(cal.holidays.includes('2027-03-15'));
  assert.equal(cal.version, 2);
  await page.context().close();
});

async function setStatus(page, code, label) {
  await page.getByRole('button', { name: `change status of ${code}` }).click();
  await page.getByRole('menuitem', { name: label }).click();
  const dialog = page.getByRole('dialog', { name: `Set ${code} to ${label}?` });
  await dialog.waitFor();
  return dialog;
}

test('a work center goes down (with the repair warning) and comes back', async () => {
  const page = await signIn('admin');
  await page.goto(`${kerf.url}/admin?tab=work-centers`);
  await page.getByTestId('work-centers-table').waitFor();
  const row = page.locator('[data-row-id]', { hasText: 'LAS-6K' });
  await row.getByText('Available').waitFor();

  const down = await setStatus(page, 'LAS-6K', 'Down');
  assert.match(await down.innerText(), /scheduler propose a repair/);
  await down.getByRole('button', { name: 'Down' }).click();
  await down.waitFor({ state: 'detached' });
  await row.getByText('Down', { exact: true }).waitFor();
  const api = await apiAs(kerf.url, 'planner');
  const wcs = await api('GET', '/work-centers?limit=100');
  const las = wcs.body.items.find((w) => w.code === 'LAS-6K');
  assert.equal(las.status, 'down');
  await checkA11y(page, 'admin work centers');
  await screenshot(page, 'admin-work-centers');

  const back = await setStatus(page, 'LAS-6K', 'Available');
  await back.getByRole('button', { name: 'Available' }).click();
  await row.getByText('Available').waitFor();
  const again = await api('GET', `/work-centers/${las.id}`);
  assert.equal(again.body.status, 'available');
  assert.equal(again.body.version, las.version + 1);
  await page.context().close();
});

test('quality reads the audit log (with the changes made above) but sees no Users tab', async () => {
  const page = await signIn('quality');
  await page.goto(`${kerf.url}/admin`);
  await tab(page, 'Audit log').waitFor();
  assert.equal(await tab(page, 'Users and roles').count(), 0);
  await tab(page, 'Audit log').click();
  await page.waitForURL(/tab=audit/);
  const entity = 'work_center';
  await page.getByLabel('Entity', { exact: true }).first().fill(entity);
  // The demo seed's entry (entity "database") goes once the entity filter is applied.
  await page.locator('tr[data-entity="database"]').waitFor({ state: 'detached' });
  const rows = page.locator(`tr[data-entity="${entity}"]`);
  await rows.first().waitFor();
  await rows.first().getByRole('button', { name: /Show changes/ }).click();
  assert.match(await rows.first().innerText(), /status"?:? "?(down|available)/);
  await checkA11y(page, 'audit log');
  await screenshot(page, 'audit-log');
  await page.context().close();
});

test('planner sees master data but no Users tab; operator has no Admin entry', async () => {
  const planner = await signIn('planner');
  await planner.goto(`${kerf.url}/admin`);
  await tab(planner, 'Work centers').waitFor();
  assert.equal(await tab(planner, 'Users and roles').count(), 0);
  assert.equal(await tab(planner, 'Audit log').count(), 0);
  await planner.context().close();

  const operator = await signIn('operator', { width: 1440, height: 900 });
  await operator.goto(`${kerf.url}/dashboard`);
  await operator.getByRole('navigation').waitFor();
  const nav = await operator.getByRole('navigation').innerText();
  assert.doesNotMatch(nav, /Admin/);
  await operator.context().close();
});
