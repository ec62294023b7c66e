// The certificate screens of admins and trainers, with and without
// JavaScript: an admin looks a certificate up before revoking it; a trainer
// opens the course downloads. (Revoking and zipping themselves are tested
// over HTTP in server/src/http/tests/certificates.rs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, seriousA11yViolations, signIn } from '../lib/browser.js';

const PASSWORD = process.env.LANTERN_E2E_PASSWORD ?? 'e2e-password-for-roles';
const ADMIN_PASSWORD = process.env.LANTERN_ADMIN_PASSWORD ?? 'e2e-admin-password-long';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';

  test(`an admin looks up a certificate (${mode})`, async () => {
    const { context, page, errors } = await open(browser, { javaScript, width: 1024 });
    await signIn(page, 'admin@e2e.test', ADMIN_PASSWORD, javaScript);
    await page.getByRole('link', { name: 'Manage certificates' }).click();
    await page.waitForURL(BASE + '/admin/certificates');
    await page.getByRole('heading', { name: 'Certificates', level: 1 }).waitFor();
    await page.getByLabel('Certificate identifier').fill('LNT-0000-0000-0000-0000-0');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForURL(/\/admin\/certificates\?id=/);
    await page.getByText('No certificate has this identifier').waitFor();
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`a trainer opens the course downloads (${mode})`, async () => {
    const { context, page, errors } = await open(browser, { javaScript, width: 1024 });
    await signIn(page, 'trainer@e2e.test', PASSWORD, javaScript);
    await page.getByRole('link', { name: 'Certificate downloads' }).click();
    await page.waitForURL(BASE + '/certificates/batches');
    await page.getByRole('heading', { name: 'Certificate downloads', level: 1 }).waitFor();
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
