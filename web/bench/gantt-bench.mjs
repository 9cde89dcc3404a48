// Gantt benchmark: the planner's vis-timeline component with 2,000 operations on 25 work
// centers, in headless Chromium (playwright-core, Debian chromium, software rendering).
//
// Why a bench page and not a demo server: the server only creates slots by committing scheduler
// runs of real jobs (the demo has ~550 in the board window), and 2,000 ops would need ~400
// imported jobs plus a run — slow, and it would measure the API too. The page
// (bench/gantt-bench.html) renders the very component and mapping the board uses
// (GanttTimeline + boardItems) with generated data of the board's shape, built with Vite here.
//
// Prints: time to first render (navigation start → timeline visible with bars), time from
// mouse-up of a drag to the bar drawn on its new row (local validation, server answer assumed
// instant), and frame times while scrolling (vertical wheel and horizontal drag). Then tries
// the same page with react-calendar-timeline 0.28 (?lib=rct).
//   node bench/gantt-bench.mjs [--ops 2000]
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { launch } from '../e2e/lib/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ops = Number(process.argv[process.argv.indexOf('--ops') + 1]) || 2000;
const out = mkdtempSync(path.join(tmpdir(), 'kerf-gantt-bench-'));

await build({
  configFile: false,
  root: here,
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  build: { outDir: out, emptyOutDir: true, chunkSizeWarningLimit: 5000, rollupOptions: { input: path.join(here, 'gantt-bench.html') } },
});

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((req, res) => {
  const p = path.join(out, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/$/, '/gantt-bench.html'));
  try {
    const body = readFileSync(p);
    res.writeHead(200, { 'Content-Type': types[path.extname(p)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/gantt-bench.html`;

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
const ms = (x) => `${x.toFixed(1)} ms`;

// Records the first frame at which `selector` has elements and the timeline is visible.
const firstRenderProbe = (selector) => `
  (function poll() {
    const root = document.querySelector('.vis-timeline, .react-calendar-timeline');
    const items = document.querySelectorAll('${selector}').length > 0;
    if (items && window.__itemsInDom === undefined) window.__itemsInDom = performance.now();
    if (items && root && getComputedStyle(root).visibility !== 'hidden') window.__firstRender = performance.now();
    else requestAnimationFrame(poll);
  })();`;

async function frameTimes(page, action) {
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    window.__frameStop = false;
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__frameStop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await action();
  return page.evaluate(() => {
    window.__frameStop = true;
    return window.__frames.slice(1);
  });
}

async function benchVis(browser) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(firstRenderProbe('.vis-item.kp-op'));
  await page.goto(`${base}?ops=${ops}`);
  await page.waitForFunction(() => window.__firstRender !== undefined, null, { timeout: 60_000 });
  const first = await page.evaluate(() => ({ nav: window.__firstRender, module: window.__firstRender - window.bench.t0, dom: window.__itemsInDom, script: window.bench.t0 }));
  const drawn = await page.locator('.vis-item.kp-op').count();

  // Drags: a visible bar to the next row of its department (eligible), mouse-up → drawn there.
  const drags = [];
  for (let k = 0; k < 6; k++) {
    const target = await page.evaluate((k) => {
      const panel = document.querySelector('.vis-panel.vis-center').getBoundingClientRect();
      const labels = [...document.querySelectorAll('.vis-label.kp-wc-row')].map((l) => ({ code: l.querySelector('.kp-wc-code').textContent, r: l.getBoundingClientRect() }));
      const bars = [...document.querySelectorAll('.vis-item.kp-op[data-id]')]
        .map((el) => ({ id: Number(el.dataset.id), r: el.getBoundingClientRect() }))
        .filter((b) => b.r.width > 30 && b.r.x > panel.x + 20 && b.r.right < panel.right - 20 && b.r.y > panel.y + 30 && b.r.bottom < panel.bottom - 120);
      const bar = bars[(k * 7) % bars.length];
      const row = labels.find((l) => l.r.y <= bar.r.y + 5 && l.r.bottom >= bar.r.y + 5);
      // Same department: work centers i, i+7, i+14, i+21 → the row 1 department-mate away.
      const n = Number(row.code.slice(3));
      const mate = labels.find((l) => Number(l.code.slice(3)) === (n + 7 > 25 ? n - 7 : n + 7));
      return { id: bar.id, x: bar.r.x + 15, y: bar.r.y + bar.r.height / 2, ty: mate.r.y + mate.r.height / 2, top: mate.r.y, bottom: mate.r.bottom };
    }, k);
    if (target.ty > 860 || target.ty < 120) continue;
    await page.mouse.move(target.x, target.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(target.x + i * 3, target.y + ((target.ty - target.y) * i) / 10);
    await page.evaluate((t) => {
      window.__dragDone = undefined;
      window.__up = undefined;
      window.addEventListener('pointerup', () => (window.__up = performance.now()), { once: true, capture: true });
      const el = () => document.querySelector(`.vis-item.kp-op[data-id="${t.id}"]`);
      (function poll() {
        const r = el()?.getBoundingClientRect();
        const ok = window.__up !== undefined && window.bench.moves.some((m) => m.id === t.id) && r && r.y >= t.top - 1 && r.bottom <= t.bottom + 1 && !el().classList.contains('vis-drag-center');
        if (ok) window.__dragDone = performance.now(); else requestAnimationFrame(poll);
      })();
    }, target);
    await page.mouse.up();
    await page.waitForFunction(() => window.__dragDone !== undefined, null, { timeout: 10_000 });
    drags.push(await page.evaluate(() => window.__dragDone - window.__up));
  }

  // Vertical scrolling (wheel over the rows) and horizontal panning (drag the background).
  const center = await page.locator('.vis-panel.vis-center').boundingBox();
  const vertical = await frameTimes(page, async () => {
    for (let i = 0; i < 30; i++) {
      await page.mouse.move(center.x + 200, center.y + 300);
      await page.mouse.wheel(0, i < 15 ? 120 : -120);
      await page.waitForTimeout(16);
    }
  });
  const horizontal = await frameTimes(page, async () => {
    await page.mouse.move(center.x + center.width - 50, center.y + 10);
    await page.mouse.down();
    for (let i = 0; i < 60; i++) await page.mouse.move(center.x + center.width - 50 - i * 15, center.y + 10 + (i % 2));
    await page.mouse.up();
  });
  await page.close();
  return { first, drawn, drags, vertical, horizontal };
}

async function benchRct(browser) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text().slice(0, 200)));
  await page.addInitScript(firstRenderProbe('.rct-item'));
  await page.goto(`${base}?ops=${ops}&lib=rct`);
  const rendered = await page
    .waitForFunction(() => window.__firstRender !== undefined || window.bench?.error, null, { timeout: 30_000 })
    .then(() => page.evaluate(() => ({ at: window.__firstRender, error: window.bench.error, items: document.querySelectorAll('.rct-item').length })))
    .catch(() => ({ at: undefined, error: 'nothing rendered within 30 s', items: 0 }));
  await page.close();
  return { ...rendered, errors: errors.slice(0, 3) };
}

const browser = await launch();
try {
  const vis = await benchVis(browser);
  console.log(`vis-timeline 8.5 (planner GanttTimeline), ${ops} operations on 25 work centers, 1440x900, headless chromium without GPU`);
  console.log(`  first render: ${ms(vis.first.nav)} from navigation start (page script ran at ${ms(vis.first.script)}, bars in the DOM at ${ms(vis.first.dom)}); ${vis.drawn} bars in the DOM (only the visible window is drawn)`);
  const d = stats(vis.drags);
  console.log(`  drag to another row, mouse-up → validated and drawn: median ${ms(d.p50)}, max ${ms(d.max)} (${d.n} drags)`);
  for (const [name, xs] of [['vertical wheel scroll', vis.vertical], ['horizontal pan', vis.horizontal]]) {
    const s = stats(xs);
    console.log(`  frame time while ${name}: mean ${ms(s.mean)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (${s.n} frames)`);
  }
  const rct = await benchRct(browser);
  if (rct.at !== undefined && !rct.error) {
    console.log(`react-calendar-timeline 0.28: first render ${ms(rct.at)} from navigation start, ${rct.items} items`);
  } else {
    console.log(`react-calendar-timeline 0.28 on React 19: does not render — ${rct.error ?? 'no items'}${rct.errors.length ? `\n  ${rct.errors.join('\n  ')}` : ''}`);
  }
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
}
