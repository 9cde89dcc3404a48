// Machines against the real kerf: the board shows a tile per machine (grouped by department,
// state word on each tile), a machine created or renamed through the API appears on an open
// board without a reload (events WebSocket), the machine page renders its timeline, signal and
// OEE cards, /oee renders the department dashboard, an admin creates a machine in the admin tab,
// and no screen has serious accessibility violations. The demo shop's own machines are live
// (kerf serve --demo plays them through mosquitto, the fake MTConnect agents and the OPC UA punch
// simulator): their tiles leave UNKNOWN and change state without a reload. The machines created
// here through the admin API get no signals and stay UNKNOWN.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, login } from './lib/browser.mjs';
import { checkA11y } from './lib/axe.mjs';
import { apiAs, startKerf } from './lib/kerf.mjs';
import { screenshot } from './lib/shots.mjs';

let kerf;
let browser;
let admin; // API as admin
const created = []; // machines created in before()

// One machine per department of these (on its first work center), plus one without a work center.
const plan = [
  ['laser', 'LAS-1', 'Fiber laser 1', 'mtconnect', 'http://127.0.0.1:5000/ LAS1'],
  ['laser', 'LAS-2', 'Fiber laser 2', 'mtconnect', 'http://127.0.0.1:5000/ LAS2'],
  ['punch', 'PUN-1', 'Turret punch 1', 'opcua', 'opc.tcp://127.0.0.1:4840'],
  ['welding', 'WLD-1', 'Weld cell 1', 'mqtt', 'kerf/demo/welding/WLD-1'],
  ['polishing', 'POL-1', 'Polishing station 1', 'mqtt', 'kerf/demo/polishing/POL-1'],
];

before(async () => {
  kerf = await startKerf();
  browser = await launch();
  admin = await apiAs(kerf.url, 'admin');
  const wcs = (await admin('GET', '/work-centers?limit=1000')).body.items;
  for (const [dept, code, name, protocol, endpoint] of plan) {
    const wc = wcs.find((w) => w.department === dept);
    assert.ok(wc, `the demo shop has a ${dept} work center`);
    const r = await admin('POST', '/machines', { code, name, work_center_id: wc.id, protocol, endpoint, ideal_cycle_s: 30 });
    assert.equal(r.status, 201, `create ${code}: ${JSON.stringify(r.body)}`);
    created.push(r.body);
  }
});
after(async () => {
  await browser?.close();
  await kerf?.stop();
});

test('board: a tile per machine by department with its state word; live create and rename', async () => {
  const page = await login(browser, kerf.url, 'planner');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Machines' }).click();
  await page.waitForURL((u) => u.pathname === '/machines');
  for (const m of created) {
    const tile = page.getByTestId(`machine-tile-${m.code}`);
    await tile.waitFor();
    assert.equal(await tile.getByTestId('tile-state').textContent(), m.state, `${m.code} shows its state word`);
  }
  const list = (await admin('GET', '/machines')).body.items;
  assert.equal(await page.locator('[data-testid^="machine-tile-"]').count(), list.length, 'one tile per machine');
  const lasers = list.filter((m) => m.department === 'laser').length;
  assert.equal(await page.getByRole('region', { name: 'Laser' }).locator('[data-testid^="machine-tile-"]').count(), lasers);

  // The demo's live machines: every tile leaves UNKNOWN (hang guard, not a timing goal), then
  // some machine changes state on the open board without a reload.
  const live = list.filter((m) => m.active && !created.some((c) => c.id === m.id)).map((m) => m.code);
  assert.ok(live.length >= 9, `the demo has live machines: ${live.join(', ')}`);
  const stateOf = async (code) => page.getByTestId(`machine-tile-${code}`).getByTestId('tile-state').textContent();
  await page.waitForFunction(
    (codes) => codes.every((c) => {
      const el = document.querySelector(`[data-testid="machine-tile-${c}"] [data-testid="tile-state"]`);
      return el && el.textContent !== 'UNKNOWN';
    }),
    live, { timeout: 240_000, polling: 500 });
  const before = Object.fromEntries(await Promise.all(live.map(async (c) => [c, await stateOf(c)])));
  await page.waitForFunction(
    (seen) => Object.entries(seen).some(([c, s]) => {
      const el = document.querySelector(`[data-testid="machine-tile-${c}"] [data-testid="tile-state"]`);
      return el && el.textContent !== s;
    }),
    before, { timeout: 240_000, polling: 500 });
  await checkA11y(page, 'machines board');
  await screenshot(page, 'machines-board');

  // Filter by department, then clear.
  await page.getByRole('combobox', { name: 'Department' }).click();
  await page.getByRole('option', { name: 'Punch' }).click();
  await page.getByTestId('machine-tile-PUN-1').waitFor();
  const punches = list.filter((m) => m.department === 'punch').length;
  assert.equal(await page.locator('[data-testid^="machine-tile-"]').count(), punches);
  await page.getByRole('combobox', { name: 'Department' }).click();
  await page.getByRole('option', { name: 'Punch' }).click();
  await page.getByTestId('machine-tile-LAS-1').waitFor();

  // Live: a machine created elsewhere appears; a rename shows; a delete removes the tile.
  const wcs = (await admin('GET', '/work-centers?limit=1000')).body.items;
  const forming = wcs.find((w) => w.department === 'forming');
  const r = await admin('POST', '/machines', { code: 'BRK-9', name: 'Press brake 9', work_center_id: forming.id, protocol: 'mqtt', endpoint: 'kerf/demo/forming/BRK-9' });
  assert.equal(r.status, 201);
  await page.getByTestId('machine-tile-BRK-9').waitFor({ timeout: 15_000 });
  await page.getByRole('region', { name: 'Forming' }).waitFor();
  const u = await admin('PUT', `/machines/${r.body.id}`, { ...pick(r.body), name: 'Press brake nine', version: r.body.version });
  assert.equal(u.status, 200, JSON.stringify(u.body));
  await page.getByTestId('machine-tile-BRK-9').getByText('Press brake nine').waitFor({ timeout: 15_000 });
  const d = await admin('DELETE', `/machines/${r.body.id}?version=${u.body.version}`);
  assert.equal(d.status, 204);
  await page.getByTestId('machine-tile-BRK-9').waitFor({ state: 'detached', timeout: 15_000 });
  await page.context().close();
});

function pick(m) {
  const { code, name, work_center_id, protocol, endpoint, ideal_cycle_s, active } = m;
  return { code, name, work_center_id, protocol, endpoint, ideal_cycle_s, active };
}

test('machine page: header, state timeline, signals and OEE render', async () => {
  const page = await login(browser, kerf.url, 'planner');
  await page.goto(`${kerf.url}/machines`);
  // A live demo machine, so the cards have data to draw.
  const laser = (await admin('GET', '/machines')).body.items.find((m) => m.code === 'LAS-6K');
  assert.ok(laser, 'the demo has the live laser LAS-6K');
  await page.getByRole('link', { name: 'Open machine LAS-6K', exact: true }).click();
  await page.waitForURL((u) => u.pathname === `/machines/${laser.id}`);
  const header = page.getByTestId('machine-header');
  await header.getByText(laser.name).waitFor();
  await header.locator('.kerf-mstate').waitFor();
  // Each card shows its chart or says why it has none; never an error.
  for (const card of ['timeline-card', 'signals-card', 'oee-card']) {
    const c = page.getByTestId(card);
    await c.waitFor();
    await c.locator('[data-testid="state-timeline"], [data-testid="signal-chart"], [data-testid="oee-gauge"], [data-testid="oee-empty"]').first().waitFor();
    assert.equal(await c.getByRole('alert').count(), 0, `${card} has no error`);
  }
  await page.getByRole('combobox', { name: 'Signal' }).waitFor();
  await page.getByText('Last 24 h').click();
  await page.getByTestId('timeline-card').locator('[data-testid="state-timeline"]').waitFor();
  await page.getByText('Last 8 h').click();
  await checkA11y(page, 'machine page');
  await screenshot(page, 'machine-page');
  await page.context().close();
});

test('department OEE: cards per department, trend, pareto and the machines', async () => {
  const page = await login(browser, kerf.url, 'lead');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'OEE' }).click();
  await page.waitForURL((u) => u.pathname === '/oee');
  await page.getByTestId('dept-oee-laser').waitFor();
  await page.getByTestId('dept-machines').locator('[data-machine="LAS-2"]').waitFor();
  await page.getByTestId('dept-oee-punch').click();
  await page.getByTestId('dept-machines').locator('[data-machine="PUN-1"]').waitFor();
  await page.getByTestId('dept-pareto').waitFor();
  assert.equal(await page.getByRole('alert').count(), 0, 'no error on /oee');
  await checkA11y(page, 'department OEE');
  await screenshot(page, 'oee-departments');
  await page.context().close();
});

test('every role sees Machines and OEE; only admin sees the machines admin tab', async () => {
  const operator = await login(browser, kerf.url, 'operator');
  await operator.goto(`${kerf.url}/machines`);
  const nav = operator.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Machines' }).waitFor();
  await nav.getByRole('link', { name: 'OEE' }).waitFor();
  await operator.getByTestId('machine-tile-LAS-1').waitFor();
  await operator.context().close();
  const planner = await login(browser, kerf.url, 'planner');
  await planner.goto(`${kerf.url}/admin`);
  await planner.getByRole('tab', { name: 'Work centers' }).waitFor();
  assert.equal(await planner.getByRole('tab', { name: 'Machines' }).count(), 0);
  await planner.context().close();
});

test('admin creates a machine in the machines tab; it shows on the board', async () => {
  const page = await login(browser, kerf.url, 'admin');
  await page.goto(`${kerf.url}/admin?tab=machines`);
  await page.getByTestId('machines-table').waitFor();
  await checkA11y(page, 'admin machines');
  await page.getByRole('button', { name: 'New machine' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create machine' });
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.getByText('Required').first().waitFor();
  await dialog.getByLabel('Code').fill('LAS-3');
  await dialog.getByLabel('Name').fill('Fiber laser 3');
  await dialog.getByLabel('Endpoint').fill('http://127.0.0.1:5000/ LAS3');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await page.getByText('Machine LAS-3 saved').waitFor();
  await page.locator('[data-row-id]', { hasText: 'LAS-3' }).waitFor();
  await screenshot(page, 'admin-machines');
  const list = (await admin('GET', '/machines')).body.items;
  assert.ok(list.some((m) => m.code === 'LAS-3' && m.name === 'Fiber laser 3'));
  await page.goto(`${kerf.url}/machines`);
  await page.getByTestId('machine-tile-LAS-3').waitFor();
  await page.context().close();
});

test("a job's routing shows what the machines counted on its operation", async () => {
  // A demo machine counting parts on a running operation (hang guard, not a timing goal).
  let op;
  for (let i = 0; i < 180 && !op; i++) {
    const items = (await admin('GET', '/machines')).body.items;
    op = items.map((m) => m.current_operation).find((o) => o && o.machine_qty > 0);
    if (!op) await new Promise((r) => setTimeout(r, 1000));
  }
  assert.ok(op, 'a demo machine counts parts on a running operation');
  const page = await login(browser, kerf.url, 'planner');
  await page.goto(`${kerf.url}/jobs/${op.job_id}`);
  const cell = page.getByTestId(`machine-${op.sequence}`);
  await cell.getByText(/\d+ counted/).waitFor();
  const counted = Number((await cell.getByText(/\d+ counted/).innerText()).match(/(\d+) counted/)[1]);
  assert.ok(counted >= op.machine_qty, `${counted} counted on the page, ${op.machine_qty} on the machine before`);
  assert.match(await cell.innerText(), /of .+ planned/);
  await checkA11y(page, 'job routing with machine actuals');
  await screenshot(page, 'job-detail-machine-actuals');
  await page.context().close();
});
