// Sigmanest screens against the real kerf with the demo's SimTrans simulator and sync
// (`kerf serve --demo`): the simulated programmer nests released jobs' laser parts and posts
// programs, which appear in the laser NC queue without a reload; once a program is cut, nest
// efficiency shows its day and the heat lot's genealogy shows the program with its jobs; the
// sync screen shows the gateway and the outbound queue. Waits are generous hang guards on the
// demo's progress, never timing goals.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkA11y } from './lib/axe.mjs';
import { launch, login } from './lib/browser.mjs';
import { apiAs, startKerf } from './lib/kerf.mjs';
import { screenshot } from './lib/shots.mjs';

const DEMO_WAIT_MS = 420_000;
let kerf;
let browser;
let planner; // API as planner

// Polls `probe` until it returns a truthy value (hang guard: fails after `ms` with `what`).
async function eventually(what, probe, ms = DEMO_WAIT_MS) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}\n${kerf.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

before(async () => {
  kerf = await startKerf();
  browser = await launch();
  planner = await apiAs(kerf.url, 'planner');
});
after(async () => {
  await browser?.close();
  await kerf?.stop();
});

test('laser NC queue: demo programs appear per laser with sheet, heat lot and jobs', async () => {
  const page = await login(browser, kerf.url, 'planner');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Laser NC queue' }).click();
  await page.waitForURL((u) => u.pathname === '/laser');
  // The open page fills through nest.* events (or its first fetch) once the programmer posts.
  await page.locator('[data-testid^="nest-"]').first().waitFor({ timeout: DEMO_WAIT_MS });
  const queue = (await planner('GET', '/laser/queue')).body.items;
  assert.ok(queue.length > 0, 'the API has programs in the queue');
  const first = queue[0];
  const row = page.getByTestId(`nest-${first.nest.program_name}`);
  await row.waitFor();
  const text = await row.textContent();
  assert.ok(text.includes(first.nest.program_name));
  if (first.heat_number) assert.ok(text.includes(first.heat_number), `row shows heat ${first.heat_number}: ${text}`);
  for (const n of first.job_numbers) assert.ok(text.includes(n), `row shows job ${n}`);
  await checkA11y(page, 'laser queue');
  await screenshot(page, 'laser-queue');
});

test('nest efficiency and heat-lot genealogy once a demo program is cut', async () => {
  const cut = await eventually('a cut program', async () => {
    const r = await planner('GET', '/nests?state=cut&limit=1');
    return r.status === 200 && r.body.items[0];
  });
  const page = await login(browser, kerf.url, 'planner');
  await page.goto(`${kerf.url}/nests/efficiency`);
  await page.getByTestId('efficiency-table').waitFor({ timeout: 60_000 });
  await page.getByTestId('efficiency-chart').locator('svg').first().waitFor();
  assert.ok((await page.getByTestId('efficiency-table').textContent()).includes(cut.material.replace(/_/g, ' ')));
  await checkA11y(page, 'nest efficiency');
  await screenshot(page, 'nest-efficiency');

  // The cut consumed the program's sheet against its jobs: the job's materials name the lot.
  const jobMaterials = (await planner('GET', `/jobs/${cut.parts[0].job_id}/materials`)).body;
  const consumption = jobMaterials.items.find((c) => c.sheet.id === cut.sheet_id);
  assert.ok(consumption, `job ${cut.parts[0].job_id} consumed sheet ${cut.sheet_id}`);
  const sheet = { heat_lot_id: consumption.heat_lot.id };
  const trace = (await planner('GET', `/materials/heat-lots/${sheet.heat_lot_id}/trace`)).body;
  assert.ok(trace.nests.some((n) => n.id === cut.id), 'the lot trace lists the cut program');
  await page.goto(`${kerf.url}/materials/heat-lots/${sheet.heat_lot_id}`);
  const nestRow = page.getByTestId(`trace-nest-${cut.program_name}`);
  await nestRow.waitFor({ timeout: 60_000 });
  const job = trace.nests.find((n) => n.id === cut.id).jobs[0];
  assert.ok((await nestRow.textContent()).includes(job.job_number));
  await checkA11y(page, 'heat lot genealogy');
  await screenshot(page, 'heat-lot-genealogy');

  // And back from the job: its materials card lists the same program.
  await nestRow.getByRole('link', { name: new RegExp(job.job_number) }).first().click();
  await page.waitForURL((u) => u.pathname === `/jobs/${job.job_id}`);
  await page.getByTestId(`trace-nest-${cut.program_name}`).waitFor({ timeout: 60_000 });
});

test('materials: a remnant Sigmanest kept shows under the name Sigmanest knows it by', async () => {
  await eventually('a Sigmanest remnant in stock', async () => {
    const r = await planner('GET', '/sigmanest/remnants');
    return r.status === 200 && r.body.items.length > 0;
  });
  const page = await login(browser, kerf.url, 'planner');
  await page.goto(`${kerf.url}/materials`);
  await page.getByLabel('Remnants only').check();
  // Any of them: the demo's programmer may nest on one and cut it meanwhile (the page is live).
  const label = page.getByTestId('sigmanest-name').first();
  await label.waitFor({ timeout: 60_000 });
  const text = await label.innerText();
  // The simulated Sigmanest names a remnant after the program that left it: R-<program>.
  const program = text.match(/^Sigmanest R-(\S+)$/)?.[1];
  assert.ok(program, `a Sigmanest remnant name: ${text}`);
  const nests = (await planner('GET', `/nests?q=${encodeURIComponent(program)}`)).body;
  assert.ok(nests.items.some((n) => n.program_name === program), `${program} is a program kerf knows`);
  await label.scrollIntoViewIfNeeded();
  await checkA11y(page, 'materials with Sigmanest remnants');
  await screenshot(page, 'materials-sigmanest-remnants');
  await page.context().close();
});

test('sigmanest sync: gateway, counts and the outbound queue', async () => {
  await eventually('outbound rows', async () => {
    const r = await planner('GET', '/sigmanest/outbound?limit=1');
    return r.status === 200 && r.body.total > 0;
  });
  const page = await login(browser, kerf.url, 'planner');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Sigmanest sync' }).click();
  await page.waitForURL((u) => u.pathname === '/sigmanest');
  const status = (await planner('GET', '/sigmanest/status')).body;
  assert.equal(await page.getByTestId('sync-gateway').locator('p').last().textContent(), status.gateway || '—');
  await page.getByTestId('outbound-table').waitFor();
  assert.ok((await page.locator('[data-testid^="outbound-K"], [data-testid^="outbound-"][data-status]').count()) > 0);
  await checkA11y(page, 'sigmanest sync');
  await screenshot(page, 'sigmanest-sync');
  await page.getByRole('tab', { name: 'Sync log' }).click();
  await page.getByTestId('sync-log-table').waitFor({ timeout: 60_000 });
  await screenshot(page, 'sigmanest-sync-log');
});
