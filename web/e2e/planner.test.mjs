// Planner board and Load & capacity in a real browser against `kerf serve --demo`: scheduler
// run (what-if → progress → comparison → commit), drag-to-move on the Gantt (persisted; refused
// moves snap back with the reason), pinning that survives a re-run, read-only for operators.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkA11y } from './lib/axe.mjs';
import { launch, login } from './lib/browser.mjs';
import { apiAs, startKerf } from './lib/kerf.mjs';
import { screenshot } from './lib/shots.mjs';

let kerf;
let browser;
let api;
before(async () => {
  kerf = await startKerf();
  browser = await launch();
  api = await apiAs(kerf.url, 'planner');
});
after(async () => {
  await browser?.close();
  await kerf?.stop();
});

// Slots with what the board needs to pick drag candidates (the board route, else older routes).
async function slots() {
  const board = await api('GET', '/schedule/board');
  if (board.status === 200) return board.body.slots;
  const [s, ops] = await Promise.all([api('GET', '/schedule'), api('GET', '/operations?limit=1000')]);
  const elig = new Map(ops.body.items.map((o) => [o.id, o.eligible_work_center_ids]));
  return s.body.items.map((x) => ({ ...x, eligible_work_center_ids: elig.get(x.operation_id) ?? [] }));
}

async function workCenters() {
  return (await api('GET', '/work-centers?limit=1000')).body.items;
}

const slotById = async (id) => (await api('GET', `/schedule/slots/${id}`)).body;

async function openBoard(page) {
  await page.goto(`${kerf.url}/planner`);
  await page.locator('.vis-item.kp-op').first().waitFor();
}

// Boxes of the bars and of the work center rows as they are on screen now.
async function layout(page) {
  return page.evaluate(() => {
    const panel = document.querySelector('.vis-panel.vis-center').getBoundingClientRect();
    const bars = {};
    for (const el of document.querySelectorAll('.vis-item.kp-op[data-id]')) {
      const r = el.getBoundingClientRect();
      bars[el.dataset.id] = { x: r.x, y: r.y, w: r.width, h: r.height };
    }
    const rows = {};
    for (const el of document.querySelectorAll('.vis-label.kp-wc-row')) {
      const code = el.querySelector('.kp-wc-code')?.textContent;
      const r = el.getBoundingClientRect();
      if (code) rows[code] = { y: r.y, h: r.height };
    }
    return { panel: { x: panel.x, y: panel.y, w: panel.width, h: panel.height }, bars, rows };
  });
}

const inside = (panel, y, h = 0) => y > panel.y + 2 && y + h < panel.y + panel.h - 2;

// A visible, wide bar whose operation may run on another visible row (and one row it may not).
async function dragCandidate(page, exclude = new Set()) {
  const [all, wcs, l] = await Promise.all([slots(), workCenters(), layout(page)]);
  const code = new Map(wcs.map((w) => [w.id, w.code]));
  for (const s of all) {
    const bar = l.bars[s.id];
    if (!bar || exclude.has(s.id) || s.locked || bar.w < 24) continue;
    if (bar.x < l.panel.x + 10 || bar.x + bar.w > l.panel.x + l.panel.w - 10 || !inside(l.panel, bar.y, bar.h)) continue;
    const row = (c) => l.rows[c] && inside(l.panel, l.rows[c].y, l.rows[c].h);
    const other = s.eligible_work_center_ids.find((id) => id !== s.work_center_id && row(code.get(id)));
    const bad = wcs.find((w) => !s.eligible_work_center_ids.includes(w.id) && row(w.code));
    if (!other || !bad) continue;
    // Bars may overlap (a pinned move can land on another bar): grab a point that is this bar's.
    const grab = { x: bar.x + Math.min(bar.w / 2, 30), y: bar.y + bar.h / 2 };
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x, y)?.closest('.vis-item')?.getAttribute('data-id'),
      [grab.x, grab.y],
    );
    if (hit !== String(s.id)) continue;
    return { slot: s, bar, grab, to: { id: other, code: code.get(other) }, bad, rows: l.rows };
  }
  throw new Error('no drag candidate on screen');
}

async function drag(page, { x, y }, rowBox) {
  await page.mouse.move(x, y);
  await page.waitForTimeout(50);
  await page.mouse.down();
  const ty = rowBox.y + rowBox.h / 2;
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + i, y + ((ty - y) * i) / 10);
  await page.waitForTimeout(50);
  await page.mouse.up();
}

test('planner runs a what-if, watches it progress, compares and commits it', async () => {
  const page = await login(browser, kerf.url, 'planner');
  await page.goto(`${kerf.url}/planner`);
  await page.getByTestId('gantt').waitFor();
  await page.getByRole('button', { name: 'Run scheduler' }).click();
  const drawer = page.getByRole('dialog', { name: 'Run the scheduler' });
  await drawer.getByText('Optimize (search)').click();
  await drawer.getByLabel('Time limit (s)').fill('4');
  assert.equal(await drawer.getByLabel(/What-if/).isChecked(), true);
  await drawer.getByRole('button', { name: 'Start run' }).click();
  await drawer.getByTestId('run-progress').waitFor();
  // The bar moves: a progress event of this run arrives before the run is done.
  await page.waitForFunction(
    () =>
      Number(document.querySelector('[data-testid=run-progress] [data-percent]')?.getAttribute('data-percent') ?? 0) > 0 ||
      document.querySelector('[data-testid=run-done]') !== null,
  );
  await drawer.getByTestId('run-done').waitFor({ timeout: 60_000 });
  const compare = drawer.getByTestId('run-compare');
  await compare.waitFor();
  const late = compare.locator('[data-metric=late_jobs]');
  assert.match(await late.innerText(), /Late jobs\s+\d+\s+\d+/);
  // The current plan is empty (fresh demo): the run schedules everything.
  assert.equal(await compare.locator('[data-metric=unscheduled]').getAttribute('data-verdict'), 'better');
  await checkA11y(page, 'planner-run-compare');
  await screenshot(page, 'planner-run-compare');
  await drawer.getByRole('button', { name: 'Commit this plan' }).click();
  await page.getByText('Plan committed').waitFor();
  await drawer.getByText('This run is committed.').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.vis-item.kp-op').first().waitFor();
  assert.ok((await slots()).length > 0, 'the committed plan has slots');
  await page.context().close();
});

test('dragging a bar to another eligible work center persists; refused moves snap back', async () => {
  const page = await login(browser, kerf.url, 'planner');
  await openBoard(page);
  await checkA11y(page, 'planner-board');
  await screenshot(page, 'planner-board');

  // Refused locally: a work center the operation may not use.
  let c = await dragCandidate(page);
  await drag(page, c.grab, c.rows[c.bad.code]);
  await page
    .getByText(`cannot run on ${c.bad.code}`)
    .waitFor({ timeout: 10_000 })
    .catch(async (e) => {
      await screenshot(page, 'planner-drag-failed');
      throw e;
    });
  assert.equal((await slotById(c.slot.id)).work_center_id, c.slot.work_center_id);
  const back = (await layout(page)).bars[c.slot.id];
  assert.ok(Math.abs(back.y - c.bar.y) < 2, 'the bar snapped back to its row');

  // Accepted: another eligible work center.
  c = await dragCandidate(page);
  await drag(page, c.grab, c.rows[c.to.code]);
  await page.getByText(`to ${c.to.code} (pinned)`).waitFor();
  const moved = await slotById(c.slot.id);
  assert.equal(moved.work_center_id, c.to.id);
  assert.equal(moved.pinned, true);
  await page.reload();
  await page.locator(`.vis-item.kp-op[data-id="${c.slot.id}"]`).waitFor();
  const l = await layout(page);
  const row = l.rows[c.to.code];
  const bar = l.bars[c.slot.id];
  assert.ok(bar.y >= row.y - 1 && bar.y + bar.h <= row.y + row.h + 1, 'after reload the bar is on the new row');
  assert.equal(await page.locator(`.vis-item.kp-op--pinned[data-id="${c.slot.id}"] .kp-pin`).count(), 1);
  await page.context().close();
});

test('a move refused by the server (stale data) snaps back with its reason', async () => {
  const page = await login(browser, kerf.url, 'planner');
  // No live updates on this page, so it keeps showing what it loaded.
  await page.routeWebSocket(/\/api\/v1\/events/, () => {});
  await openBoard(page);
  const c = await dragCandidate(page);
  const bumped = await api('POST', `/schedule/slots/${c.slot.id}/unpin`, {});
  assert.equal(bumped.status, 200);
  await drag(page, c.grab, c.rows[c.to.code]);
  await page.getByText(/changed by someone else/).waitFor();
  assert.equal((await slotById(c.slot.id)).work_center_id, c.slot.work_center_id);
  await page.context().close();
});

test('a pinned operation stays where it is when the scheduler runs again', async () => {
  const page = await login(browser, kerf.url, 'planner');
  await openBoard(page);
  const c = await dragCandidate(page);
  const before = await slotById(c.slot.id);
  if (before.pinned) await api('POST', `/schedule/slots/${c.slot.id}/unpin`, {});
  await page.reload();
  const bar = page.locator(`.vis-item.kp-op[data-id="${c.slot.id}"]`);
  await bar.click();
  await page.getByTestId('selection-actions').getByRole('button', { name: 'Pin', exact: true }).click();
  await page.getByText('Pinned 1 operation').waitFor();
  const pinned = await slotById(c.slot.id);
  assert.equal(pinned.pinned, true);

  const run = await api('POST', '/schedule/runs', { mode: 'dispatch', horizon: 'weekly', commit: true });
  assert.equal(run.status, 201, JSON.stringify(run.body));
  const after = (await api('GET', `/schedule/slots?operation_id=${pinned.operation_id}`)).body.items[0];
  assert.equal(after.work_center_id, pinned.work_center_id);
  assert.equal(after.start, pinned.start);
  assert.equal(after.pinned, true);
  await page.reload();
  await page.locator(`.vis-item.kp-op--pinned[data-id="${after.id}"]`).waitFor();
  await page.context().close();
});

test('an operator sees the board read-only', async () => {
  const page = await login(browser, kerf.url, 'operator');
  await openBoard(page);
  await page.getByTestId('read-only').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Run scheduler' }).count(), 0);
  assert.equal(await page.locator('.vis-item.kp-op.vis-editable').count(), 0);
  await page.context().close();
});

test('load & capacity shows the bottleneck and opens the planner on a clicked cell', async () => {
  const page = await login(browser, kerf.url, 'planner');
  await page.goto(`${kerf.url}/load`);
  await page.getByTestId('bottleneck').getByText(/Bottleneck:/).waitFor();
  assert.match(await page.getByTestId('bottleneck').innerText(), /\d+ %/);
  await page.getByTestId('dept-chart-laser').locator('canvas').first().waitFor();
  await checkA11y(page, 'load-capacity');
  await screenshot(page, 'load-capacity');
  // The bottleneck cell of the heatmap (grid margins: 90 px left, 70 right, 8 top, 28 bottom).
  const heat = page.getByTestId('heatmap');
  const box = await heat.locator('canvas').first().boundingBox();
  const buckets = Number(await heat.getAttribute('data-buckets'));
  const rows = Number(await heat.getAttribute('data-rows'));
  const [bx, by] = (await heat.getAttribute('data-bottleneck')).split(',').map(Number);
  const cw = (box.width - 160) / buckets;
  const ch = (box.height - 36) / rows;
  await page.mouse.click(box.x + 90 + cw * (bx + 0.5), box.y + 8 + ch * (by + 0.5));
  await page.waitForURL(/\/planner\?/);
  const url = new URL(page.url());
  assert.ok(url.searchParams.get('wc'), 'a work center is chosen');
  assert.ok(url.searchParams.get('at'), 'a date is chosen');
  await page.locator('.vis-item.kp-op').first().waitFor();
  await page.context().close();
});
