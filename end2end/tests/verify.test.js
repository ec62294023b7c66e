// Anyone can check a certificate without an account: the search box, a
// mistyped identifier told apart from an unknown one — with and without
// JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, seriousA11yViolations } from '../lib/browser.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';

  test(`the public verification page (${mode})`, async () => {
    const { context, page, errors } = await open(browser, { javaScript });
    await page.goto(BASE + '/verify');
    await page.getByRole('heading', { name: 'Verify a certificate' }).waitFor();
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);
    // Well formed, check symbol right, but never issued.
    await page.getByLabel('Certificate identifier').fill('lnt-0000-0000-0000-0000-0');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(/\/verify\?id=/);
    await page.getByRole('heading', { name: 'No certificate has this identifier' }).waitFor();
    // One character wrong.
    await page.getByLabel('Certificate identifier').fill('LNT-0000-0000-0000-0001-0');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: /looks mistyped/ }).waitFor();
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
