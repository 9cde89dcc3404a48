// Starts the real kerf executable for a browser test: `kerf serve --demo` on a free port of
// 127.0.0.1 with a fresh SQLite directory and this web/dist, and stops it afterwards.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const webRoot = path.resolve(here, '../..');
export const repoRoot = path.resolve(webRoot, '..');

// The kerf binary under test: $KERF_BIN, else build/release/kerf of this checkout.
export function kerfBinary() {
  const bin = process.env.KERF_BIN ?? path.join(repoRoot, 'build/release/kerf');
  if (!existsSync(bin)) throw new Error(`kerf binary not found at ${bin}: build it first (or set KERF_BIN)`);
  return bin;
}

// Starts kerf; resolves to { url, stop(), output() } once it prints the address it listens on.
export async function startKerf({ demo = true, env = {}, args = [] } = {}) {
  const data = mkdtempSync(path.join(tmpdir(), 'kerf-e2e-'));
  const dist = path.join(webRoot, 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error('web/dist is missing: run `npm run build` first');
  const argv = ['serve', '--port', '0', '--data', data, ...(demo ? ['--demo'] : []), ...args];
  const child = spawn(kerfBinary(), argv, {
    env: { ...process.env, KERF_WEB_DIR: dist, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk.toString();
      const m = /kerf is running on (http:\/\/[0-9.]+:\d+)/.exec(log);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`kerf exited with ${code} before listening:\n${log}`)));
  });
  child.stdout.on('data', (c) => (log += c.toString()));
  child.stderr.on('data', (c) => (log += c.toString()));
  return {
    url,
    output: () => log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

// A JSON API call as `username` (bearer token), for test set-up and checks beside the browser.
export async function apiAs(url, username, password = 'kerf-demo') {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const { token } = await res.json();
  return async (method, p, body) => {
    const r = await fetch(`${url}/api/v1${p}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}
