// Jobs, job detail, materials and heat-lot trace against the real kerf serve --demo.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch } from './lib/browser.mjs';
import { checkA11y } from './lib/axe.mjs';
import { apiAs, startKerf } from './lib/kerf.mjs';
import { screenshot } from './lib/shots.mjs';

let kerf;
let browser;
let planner; // API as planner
before(async () => {
  kerf = await startKerf();
  browser = await launch();
  planner = await apiAs(kerf.url, 'planner');
});
after(async () => {
  await browser?.close();
  await kerf?.stop();
});

// Signs in through the form (the password field is matched as a textbox: its label also names
// the visibility toggle).
async function signIn(username) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${kerf.url}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByRole('textbox', { name: 'Password' }).fill('kerf-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

async function jobTotal() {
  const r = await planner('GET', '/jobs?limit=1');
  return r.body.total;
}

async function pick(scope, label, text) {
  await scope.locator('input:not([type=hidden])').and(scope.getByLabel(label)).fill(text);
  await scope.page().getByRole('option', { name: new RegExp(text) }).first().click();
}

async function importFile(page, name, text) {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByText(/rows in the file/).waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
}

test('a planner creates a job through the form and finds it in the table', async () => {
  const page = await signIn('planner');
  await page.goto(`${kerf.url}/jobs`);
  await page.locator('tr[data-job]').first().waitFor();
  await checkA11y(page, 'jobs');
  await screenshot(page, 'jobs');

  await page.getByRole('button', { name: 'New job' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Job number' }).fill('E2E-100');
  await pick(dialog, 'Customer', 'Harbour Hotel Group');
  await pick(dialog, 'Part', 'PTT-1200x600-S4');
  await dialog.getByRole('textbox', { name: 'Quantity' }).fill('12');
  await dialog.getByLabel('Due (plant time)').fill('2026-12-20T10:00');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'detached' });

  await page.locator('tr[data-job="E2E-100"]').waitFor();
  assert.match(await page.locator('tr[data-job="E2E-100"]').innerText(), /Harbour Hotel Group/);
  const r = await planner('GET', '/jobs?q=E2E-100');
  assert.equal(r.body.total, 1);
  assert.equal(r.body.items[0].quantity, 12);
  await page.context().close();
});

test('a CSV with one bad row names that row and creates nothing; a good CSV imports', async () => {
  const page = await signIn('planner');
  await page.goto(`${kerf.url}/jobs`);
  const before = await jobTotal();
  await page.getByRole('button', { name: 'Import CSV' }).click();
  const bad =
    'number,part_number,customer_code,quantity,due,priority\n' +
    'E2E-IMP-1,PTT-1200x600-S4,C-001,5,2026-12-20,2\n' +
    'E2E-IMP-2,NO-SUCH-PART,C-002,7,2026-12-21,3\n';
  await importFile(page, 'bad.csv', bad);
  await page.getByText(/Nothing was imported/).waitFor();
  const failing = page.locator('tr[data-error="true"]');
  assert.equal(await failing.count(), 1);
  const row = await failing.innerText();
  assert.match(row, /^3\b/);
  assert.match(row, /part NO-SUCH-PART not found/);
  assert.equal(await jobTotal(), before, 'nothing may be created by a rejected import');

  const good = bad.replace('NO-SUCH-PART', 'PTU-1200x600-S4');
  await importFile(page, 'good.csv', good);
  await page.getByRole('dialog').getByText('2 jobs imported').waitFor();
  assert.equal(await jobTotal(), before + 2);
  await page.context().close();
});

test('release and hold a job from its detail page', async () => {
  const made = await planner('POST', '/jobs/import', [
    { number: 'E2E-REL', part_number: 'PTT-1200x600-S4', customer_code: 'C-003', quantity: 4, due: '2026-12-22' },
  ]);
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.items[0].id;
  const page = await signIn('planner');
  await page.goto(`${kerf.url}/jobs/${id}`);
  const header = page.locator('h2', { hasText: 'E2E-REL' }).locator('..');
  await header.getByText('Planned').waitFor();
  await page.getByRole('button', { name: 'Release', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Release', exact: true }).click();
  await header.getByText('Released').waitFor();
  await page.getByRole('button', { name: 'Hold', exact: true }).click();
  const dialog = page.getByRole('dialog');
  assert.equal(await dialog.getByRole('button', { name: 'Hold', exact: true }).isDisabled(), true, 'a hold needs a reason');
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('E2E: waiting for customer drawing');
  await dialog.getByRole('button', { name: 'Hold', exact: true }).click();
  await header.getByText('On hold').waitFor();
  const r = await planner('GET', `/jobs/${id}`);
  assert.equal(r.body.status, 'on_hold');
  assert.equal(r.body.held_from, 'released');
  await page.context().close();
});

test('job detail shows the routing of the job', async () => {
  const list = await planner('GET', '/jobs?status=in_progress&limit=1');
  const job = (await planner('GET', `/jobs/${list.body.items[0].id}`)).body;
  const page = await signIn('planner');
  await page.goto(`${kerf.url}/jobs/${job.id}`);
  const routing = page.getByRole('table', { name: 'Routing' });
  await routing.locator('tr[data-op]').first().waitFor();
  assert.equal(await routing.locator('tr[data-op]').count(), job.operations.length);
  for (const op of job.operations) {
    assert.match(await routing.locator(`tr[data-op="${op.sequence}"]`).innerText(), new RegExp(op.name));
  }
  await page.locator('canvas').first().waitFor().catch(() => {});
  await checkA11y(page, 'job-detail');
  await screenshot(page, 'job-detail');
  await page.context().close();
});

test('materials shows stock grouped by material and thickness with totals', async () => {
  const sheets = (await planner('GET', '/materials/sheets?material=mild_steel&limit=1000')).body.items;
  const onHand = sheets.filter((x) => x.thickness_mm === 3 && x.quantity > 0).reduce((n, x) => n + x.quantity, 0);
  const page = await signIn('planner');
  await page.goto(`${kerf.url}/materials`);
  const table = page.getByTestId('sheets-table');
  await table.waitFor();
  const group = table.locator('tr', { hasText: 'Mild steel · 3 mm' });
  assert.match(await group.innerText(), new RegExp(`${onHand} sheets in`));
  await checkA11y(page, 'materials');
  await screenshot(page, 'materials');
  await page.context().close();
});

test('heat-lot trace: received lot → consumed by a job → trace shows the job, the job links back', async () => {
  const page = await signIn('planner');
  await page.goto(`${kerf.url}/materials`);
  await page.getByTestId('sheets-table').waitFor();
  await page.getByRole('button', { name: 'Receive stock' }).click();
  const dialog = page.getByRole('dialog');
  await pick(dialog, 'Material', 'Stainless 304');
  await dialog.getByRole('textbox', { name: 'Thickness (mm)' }).fill('1.5');
  await dialog.getByRole('textbox', { name: 'Quantity' }).fill('5');
  await dialog.getByRole('textbox', { name: 'Location' }).fill('RACK-E2E');
  await dialog.getByRole('textbox', { name: 'Heat number' }).fill('E2E-HEAT-1');
  await dialog.getByRole('textbox', { name: 'Supplier' }).fill('Outokumpu');
  await dialog.getByRole('textbox', { name: 'Mill certificate ref' }).fill('MTC-E2E-1');
  await dialog.getByRole('button', { name: 'Receive stock' }).click();
  await dialog.waitFor({ state: 'detached' });

  const lot = (await planner('GET', '/materials/heat-lots?q=E2E-HEAT-1')).body.items[0];
  assert.equal(lot.mill_cert_ref, 'MTC-E2E-1');
  const sheet = (await planner('GET', `/materials/sheets?heat_lot_id=${lot.id}`)).body.items[0];
  const job = (await planner('GET', '/jobs?status=released&limit=1')).body.items[0];
  const used = await planner('POST', `/materials/sheets/${sheet.id}/consume`, { job_id: job.id, quantity: 2 });
  assert.equal(used.status, 200, JSON.stringify(used.body));

  await page.goto(`${kerf.url}/materials/heat-lots/${lot.id}`);
  const jobs = page.getByTestId('trace-jobs');
  await jobs.getByRole('link', { name: job.number }).waitFor();
  assert.match(await page.locator('h2').innerText(), /E2E-HEAT-1/);
  await checkA11y(page, 'heat-lot-trace');
  await screenshot(page, 'heat-lot-trace');

  await jobs.getByRole('link', { name: job.number }).click();
  await page.waitForURL(new RegExp(`/jobs/${job.id}$`));
  const lots = page.getByTestId('job-heat-lots');
  await lots.getByRole('link', { name: /E2E-HEAT-1/ }).click();
  await page.waitForURL(new RegExp(`/materials/heat-lots/${lot.id}$`));
  await page.context().close();
});

test('quality sees jobs without create or import, and may not receive stock', async () => {
  const page = await signIn('quality');
  await page.goto(`${kerf.url}/jobs`);
  await page.locator('tr[data-job]').first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'New job' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Import CSV' }).count(), 0);
  await page.goto(`${kerf.url}/materials`);
  await page.getByTestId('sheets-table').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Receive stock' }).count(), 0);
  await page.context().close();
});
