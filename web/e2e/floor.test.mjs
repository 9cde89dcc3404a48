// The shop floor in a real browser against a real kerf: badge sign-in on a phone, scanning an
// operation, start and complete with scrap while a planner's department board follows live;
// travellers with barcodes the terminal accepts; dispatch list; dashboard.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, login } from './lib/browser.mjs';
import { checkA11y } from './lib/axe.mjs';
import { apiAs, startKerf } from './lib/kerf.mjs';
import { screenshot } from './lib/shots.mjs';

const phone = { width: 360, height: 640 };
const tablet = { width: 1280, height: 800 };
const deptLabel = {
  laser: 'Laser',
  punch: 'Punch',
  forming: 'Forming',
  welding: 'Welding',
  polishing: 'Polishing',
  assembly: 'Assembly',
  shipping: 'Shipping',
};

let kerf;
let browser;
let planner; // API as planner
let target; // { op, job, wc } an operation that is ready on a work center
let second; // another ready operation on the same work center (for the traveller)

before(async () => {
  kerf = await startKerf();
  browser = await launch();
  planner = await apiAs(kerf.url, 'planner');
  const ops = (await planner('GET', '/operations?status=ready&limit=1000')).body.items;
  const jobs = new Map((await planner('GET', '/jobs?limit=1000')).body.items.map((j) => [j.id, j]));
  const wcs = new Map((await planner('GET', '/work-centers?limit=1000')).body.items.map((w) => [w.id, w]));
  const onFloor = ops.filter((o) => {
    const j = jobs.get(o.job_id);
    return j && ['released', 'in_progress'].includes(j.status) && j.quantity >= 2 && o.eligible_work_center_ids.length > 0;
  });
  assert.ok(onFloor.length >= 2, 'the demo shop has ready operations on the floor');
  const op = onFloor[0];
  const wc = wcs.get(op.eligible_work_center_ids[0]);
  target = { op, job: jobs.get(op.job_id), wc };
  const other = onFloor.find((o) => o.id !== op.id && o.job_id !== op.job_id && o.eligible_work_center_ids.includes(wc.id));
  assert.ok(other, 'a second ready operation on the same work center');
  second = { op: other, job: jobs.get(other.job_id) };
});
after(async () => {
  await browser?.close();
  await kerf?.stop();
});

// A fresh context at /terminal signed in by badge + PIN on the keypad.
async function badgeSignIn(viewport, badge, pin) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${kerf.url}/terminal`);
  await page.getByRole('textbox', { name: 'Badge' }).fill(badge);
  await page.getByRole('textbox', { name: 'Badge' }).press('Enter');
  for (const d of pin) await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

async function pickWorkCenter(page, wc) {
  await page.getByRole('button', { name: new RegExp(`^${wc.code}\\b`) }).click();
  await page.getByRole('heading', { name: 'Next on this work center' }).waitFor();
}

async function scan(page, code) {
  const field = page.getByRole('textbox', { name: 'Scan job or operation' });
  await field.fill(code);
  await field.press('Enter');
}

function card(page, column, opId) {
  return page.locator(`section[data-column="${column}"] [data-testid="kanban-op-${opId}"]`);
}

test('a wrong PIN is refused in plain words and nobody is signed in', async () => {
  const page = await badgeSignIn(phone, 'B-1001', '9999');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Badge or PIN not recognised/);
  assert.equal(await page.getByTestId('signed-in-user').count(), 0);
  await page.context().close();
});

test('badge sign-in on a phone, scan, start, complete with scrap; the department board follows live', async () => {
  const { op, job, wc } = target;
  // The planner watches the department board of the operation.
  const board = await login(browser, kerf.url, 'planner');
  await board.goto(`${kerf.url}/departments`);
  await board.getByRole('radio', { name: deptLabel[op.department] }).dispatchEvent('click');
  await board.locator('section[data-column="ready"]').waitFor();

  const page = await badgeSignIn(phone, 'B-1001', '1234');
  await page.getByTestId('signed-in-user').waitFor();
  assert.equal(await page.getByTestId('signed-in-user').innerText(), 'operator');
  await pickWorkCenter(page, wc);
  assert.equal(await page.evaluate(() => localStorage.getItem('kerf.terminal.workCenterId')), String(wc.id));
  await checkA11y(page, 'terminal queue (phone)');
  await screenshot(page, 'terminal-phone');

  await scan(page, `OP-${op.id}`);
  await page.getByRole('heading', { name: job.number }).waitFor();
  assert.equal(await page.getByTestId('op-status').innerText(), 'READY TO START');
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByTestId('terminal-feedback').and(page.locator('[data-kind="ok"]')).waitFor();
  assert.match(await page.getByTestId('terminal-feedback').innerText(), new RegExp(`Started ${job.number}`));
  assert.equal(await page.getByTestId('op-status').innerText(), 'RUNNING');
  await card(board, 'running', op.id).waitFor(); // live, no reload

  await page.getByRole('button', { name: 'Complete', exact: true }).click();
  await page.getByRole('button', { name: 'One more scrap' }).click();
  const confirm = page.getByRole('button', { name: `Complete: ${job.quantity - 1} good, 1 scrap` });
  assert.equal(await confirm.isDisabled(), true, 'scrap needs a reason');
  await page.getByRole('dialog').getByText('Burr', { exact: true }).click();
  await confirm.click();
  await page.getByText(`Completed ${job.number}`).waitFor();
  await card(board, 'done', op.id).waitFor();
  assert.equal(await card(board, 'running', op.id).count(), 0);

  const saved = (await planner('GET', `/operations/${op.id}`)).body;
  assert.equal(saved.status, 'complete');
  assert.equal(saved.qty_good, job.quantity - 1);
  assert.equal(saved.qty_scrap, 1);

  await checkA11y(board, 'department board');
  await screenshot(board, 'department-board');
  await board.context().close();
  await page.context().close();
});

test('the traveller prints barcodes and its OP code opens the operation at a tablet terminal', async () => {
  const { op, job } = second;
  const desk = await login(browser, kerf.url, 'planner');
  await desk.goto(`${kerf.url}/print/jobs/${job.id}`);
  await desk.getByRole('heading', { name: job.number }).waitFor();
  const detail = (await planner('GET', `/jobs/${job.id}`)).body;
  const canvases = desk.locator('canvas.kerf-barcode');
  await canvases.nth(detail.operations.length).waitFor();
  assert.equal(await canvases.count(), detail.operations.length + 1, 'job barcode + one per operation');
  const sizes = await canvases.evaluateAll((els) => els.map((c) => [c.width, c.height]));
  assert.ok(sizes.every(([w, h]) => w > 50 && h > 10), 'every barcode is drawn');
  const codes = await canvases.evaluateAll((els) => els.map((c) => c.dataset.code));
  assert.equal(codes[0], job.number);
  assert.ok(codes.includes(`OP-${op.id}`));
  await checkA11y(desk, 'traveller');
  await screenshot(desk, 'traveller');
  await desk.context().close();

  const page = await badgeSignIn(tablet, 'B-1002', '5678');
  await page.getByTestId('signed-in-user').waitFor();
  await pickWorkCenter(page, target.wc);
  await scan(page, `OP-${op.id}`);
  await page.getByRole('heading', { name: job.number }).waitFor();
  await page.getByRole('button', { name: 'Start', exact: true }).waitFor();
  // A job number works too: it opens the job's operation for this work center.
  await page.getByRole('button', { name: 'Back to queue' }).click();
  await scan(page, job.number.toLowerCase());
  await page.getByRole('heading', { name: job.number }).waitFor();
  await checkA11y(page, 'terminal operation (tablet)');
  await screenshot(page, 'terminal-tablet');
  await page.context().close();
});

test('the dispatch list shows the work center queue in order, printable', async () => {
  const run = await planner('POST', '/schedule/runs', { mode: 'dispatch', commit: true });
  assert.ok([200, 201].includes(run.status), `schedule run: ${run.status}`);
  const desk = await login(browser, kerf.url, 'planner');
  await desk.goto(`${kerf.url}/work-centers/${target.wc.id}/dispatch`);
  await desk.getByRole('heading', { name: `Dispatch list · ${target.wc.code}` }).waitFor();
  await desk.locator('[data-testid^="dispatch-op-"]').first().waitFor();
  assert.ok((await desk.locator('[data-testid^="dispatch-op-"]').count()) >= 1);
  assert.equal(await desk.locator(`[data-testid="dispatch-op-${target.op.id}"]`).count(), 0, 'completed work is gone');
  await desk.getByRole('button', { name: 'Print' }).waitFor();
  await checkA11y(desk, 'dispatch list');
  await screenshot(desk, 'dispatch-list');
  await desk.context().close();
});

test('the dashboard draws its charts', async () => {
  const desk = await login(browser, kerf.url, 'planner');
  await desk.goto(`${kerf.url}/dashboard`);
  await desk.getByRole('region', { name: 'Utilisation per department' }).locator('svg').first().waitFor();
  await desk.getByRole('region', { name: 'WIP and queue per department' }).locator('svg').first().waitFor();
  assert.match(await desk.getByTestId('late-count').innerText(), /^\d+$/);
  await checkA11y(desk, 'dashboard');
  await screenshot(desk, 'dashboard');
  await desk.context().close();
});
