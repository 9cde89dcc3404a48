// Agents and the approvals inbox against the real kerf (`kerf serve --demo`, whose demo triggers
// give the agents a rush order, an overloaded department and a low stock to propose on): a
// planner sees the pending count in the navigation, opens the inbox, reads the rush order's
// evidence, edits the proposed priority and approves it with a comment, sees the approval move
// to "decided" and the job's new priority on the job page, then follows the agent thread's
// trace; the agents screen shows the status, the threads and answers a question. Waits are
// generous hang guards on the demo's progress, never timing goals.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { checkA11y } from './lib/axe.mjs';
import { launch, login } from './lib/browser.mjs';
import { apiAs, startKerf } from './lib/kerf.mjs';
import { screenshot } from './lib/shots.mjs';

const DEMO_WAIT_MS = 420_000;
let kerf;
let browser;
let planner; // API as planner
let admin; // API as admin
let configDir;

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

const pending = (api, gate) => async () => {
  const r = await api('GET', `/approvals?status=pending&gate=${gate}&limit=1`);
  return r.status === 200 && r.body.items[0];
};

before(async () => {
  // The agents poll the outbox and run their scans often, so the demo's proposals arrive soon.
  configDir = mkdtempSync(path.join(tmpdir(), 'kerf-e2e-agents-'));
  const config = path.join(configDir, 'kerf.toml');
  writeFileSync(config, '[agents]\npoll_period_ms = 500\nscan_period_s = 5\n');
  kerf = await startKerf({ args: ['--config', config] });
  browser = await launch();
  planner = await apiAs(kerf.url, 'planner');
  admin = await apiAs(kerf.url, 'admin');
});
after(async () => {
  await browser?.close();
  await kerf?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

let rush; // the rush order approval the planner decides

test('a planner decides the demo rush order from the inbox and sees its effect', async () => {
  rush = await eventually('a pending rush order approval', pending(planner, 'rush_order'));
  const jobId = rush.action.job_id;
  assert.ok(jobId > 0, `the rush order's action names its job: ${JSON.stringify(rush.action)}`);

  const page = await login(browser, kerf.url, 'planner');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByTestId('approvals-badge').waitFor({ timeout: 60_000 });
  const counts = (await planner('GET', '/approvals/counts')).body;
  assert.ok(counts.pending >= 1);
  await nav.getByRole('link', { name: /Approvals/ }).click();
  await page.waitForURL((u) => u.pathname === '/approvals');

  const card = page.getByTestId(`approval-${rush.id}`);
  await card.waitFor({ timeout: 60_000 });
  assert.equal(await card.getByRole('heading', { level: 3 }).textContent(), rush.title);
  await card.getByTestId('evidence-rush_order').waitFor();
  const moved = rush.evidence.moved_jobs ?? [];
  assert.ok(moved.length > 3, `a rush order gate moves more than 3 jobs (${moved.length})`);
  assert.equal(await card.getByTestId('moved-jobs').locator('tbody tr').count(), moved.length);
  await checkA11y(page, 'approvals inbox');
  await screenshot(page, 'approvals-inbox');

  // Edit: the planner gives the job priority 2 instead of the proposed one, with a comment.
  await card.getByText('Edit and approve', { exact: true }).click();
  await card.getByRole('combobox', { name: 'Priority' }).click();
  await page.getByRole('option', { name: '2', exact: true }).click();
  await card.getByRole('textbox', { name: /Comment/ }).fill('P2 is enough: the others keep their dates');
  await checkA11y(page, 'approval edit form');
  await screenshot(page, 'approval-edit');
  await card.getByTestId(`submit-decision-${rush.id}`).click();
  // Not optimistic: the card leaves the pending list once the server answered and it refetched.
  await card.waitFor({ state: 'detached', timeout: 60_000 });

  const decided = (await planner('GET', `/approvals/${rush.id}`)).body;
  assert.equal(decided.status, 'approved');
  assert.equal(decided.verdict, 'edit');
  assert.equal(decided.decided_by, 'planner');
  assert.equal(decided.applied_action.priority, 2);

  await page.getByRole('tab', { name: 'Decided' }).click();
  const done = page.getByTestId(`decided-${rush.id}`);
  await done.waitFor({ timeout: 60_000 });
  const text = await done.textContent();
  assert.ok(text.includes('Edited and approved') && text.includes('planner'), text);
  assert.ok(text.includes('P2 is enough'), text);
  await checkA11y(page, 'approvals decided');
  await screenshot(page, 'approvals-decided');

  // The effect: the job's priority is now 2, on the job page too.
  assert.equal((await planner('GET', `/jobs/${jobId}`)).body.priority, 2);
  await page.goto(`${kerf.url}/jobs/${jobId}`);
  await page.getByRole('heading', { level: 2 }).first().waitFor();
  await page.getByText('P2', { exact: true }).first().waitFor({ timeout: 60_000 });
});

test('the agent thread of the decision shows its trace and resumes after it', async () => {
  assert.ok(rush, 'the rush order test ran first');
  const thread = await eventually('the rush thread to resume and end', async () => {
    const r = await planner('GET', `/agents/threads/${encodeURIComponent(rush.thread_id)}`);
    return r.status === 200 && ['done', 'failed', 'tripped'].includes(r.body.thread.status) && r.body;
  }, 120_000);
  assert.equal(thread.thread.status, 'done', `thread ended: ${thread.thread.reason}`);
  assert.ok(thread.steps.length > 0);

  const page = await login(browser, kerf.url, 'planner');
  await page.goto(`${kerf.url}/approvals/${rush.id}`);
  await page.getByTestId(`decided-${rush.id}`).waitFor({ timeout: 60_000 });
  await page.getByRole('link', { name: 'Show the agent thread' }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/agents/threads/'));
  await page.getByTestId('trace').waitFor({ timeout: 60_000 });
  const steps = page.locator('[data-testid^="trace-step-"]');
  assert.equal(await steps.count(), thread.steps.length);
  assert.ok((await page.getByTestId('thread-header').textContent()).includes(rush.thread_id));
  // A tool call opens to its arguments and result.
  const call = page.getByTestId('tool-call').first();
  if ((await call.count()) > 0) {
    await call.locator('summary').click();
    await call.getByText('Arguments').waitFor();
  }
  await checkA11y(page, 'agent thread');
  await screenshot(page, 'agent-thread');
});

test('the agents screen: status, threads and the ask box', async () => {
  const page = await login(browser, kerf.url, 'planner');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Agents' }).click();
  await page.waitForURL((u) => u.pathname === '/agents');
  await page.getByTestId('agents-status').waitFor({ timeout: 60_000 });
  const status = (await planner('GET', '/agents/status')).body;
  const model = await page.getByTestId('agents-model').textContent();
  assert.ok(status.llm.configured ? model.includes('Configured') : model.includes('Not configured'), model);
  await page.getByTestId('threads-table').waitFor({ timeout: 60_000 });
  assert.ok((await page.locator('[data-testid^="thread-"][data-status]').count()) > 0);

  const job = rush?.evidence?.job?.job_number ?? 'J-1';
  await page.getByRole('textbox', { name: 'Question' }).fill(`Why is ${job} late and what can we do?`);
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  const answer = page.getByTestId('ask-answer');
  await answer.waitFor({ timeout: 120_000 });
  assert.ok((await answer.textContent()).length > 20);
  // The demo has no language model: the deterministic rules answer, and say so.
  if (!status.llm.configured) assert.equal(await answer.getByTestId('ask-used-model').getAttribute('data-used'), 'false');
  await checkA11y(page, 'agents');
  await screenshot(page, 'agents');
});

test('evidence of the other demo gates: overtime (lead) and low stock (planner)', async () => {
  const overtime = await eventually('a pending overtime approval', pending(admin, 'overtime'));
  const lead = await login(browser, kerf.url, 'lead');
  await lead.goto(`${kerf.url}/approvals/${overtime.id}`);
  const card = lead.getByTestId(`approval-${overtime.id}`);
  await card.getByTestId('overtime-chart').locator('svg').first().waitFor({ timeout: 60_000 });
  assert.ok((await card.getByTestId('overtime-hours').textContent()).includes(' h'));
  // The lead is the routed role: the decision form is there.
  await card.getByTestId(`submit-decision-${overtime.id}`).waitFor();
  await checkA11y(lead, 'overtime approval');
  await screenshot(lead, 'approval-overtime');

  const shortage = await eventually('a pending material shortage approval', pending(planner, 'material_shortage'));
  const page = await login(browser, kerf.url, 'planner');
  await page.goto(`${kerf.url}/approvals/${shortage.id}`);
  const sc = page.getByTestId(`approval-${shortage.id}`);
  await sc.getByTestId('stock-available').waitFor({ timeout: 60_000 });
  assert.ok((await sc.getByTestId('stock-available').textContent()).includes('Below the safety minimum'));
  await checkA11y(page, 'material shortage approval');
  await screenshot(page, 'approval-material');
});
