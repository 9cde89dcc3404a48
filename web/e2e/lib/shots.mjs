// Screenshots of screens: always into web/test-results/ (test artefacts); with SCREENSHOTS=1
// (npm run screenshots) also into docs/screenshots/ for the README and docs.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, webRoot } from './kerf.mjs';

export async function screenshot(page, name) {
  const dirs = [path.join(webRoot, 'test-results')];
  if (process.env.SCREENSHOTS === '1') dirs.push(path.join(repoRoot, 'docs/screenshots'));
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`) });
  }
}
