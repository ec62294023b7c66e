// Signing in and out, with and without JavaScript, as every role.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, hydrated, signIn as signInFully } from '../lib/browser.js';

const PASSWORD = process.env.LANTERN_E2E_PASSWORD ?? 'e2e-password-for-roles';
const ADMIN_PASSWORD = process.env.LANTERN_ADMIN_PASSWORD ?? 'e2e-admin-password-long';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signIn(page, email, password) {
  await page.goto(BASE + '/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';

  test(`every role signs in and out (${mode})`, async () => {
    for (const [email, password, name] of [
      ['trainee@e2e.test', PASSWORD, 'E2E trainee'],
      ['trainer@e2e.test', PASSWORD, 'E2E trainer'],
      ['ministry@e2e.test', PASSWORD, 'E2E ministry'],
      ['admin@e2e.test', ADMIN_PASSWORD, 'Administrator'],
    ]) {
      const { context, page, errors } = await open(browser, { javaScript, width: 1024 });
      // The administrator enrols a second factor at the first sign-in and
      // gives a code from then on.
      await signInFully(page, email, password, javaScript);
      assert.equal(await page.getByText(`Signed in as ${name}`).count(), 1, email);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(BASE + '/');
      await page.getByRole('link', { name: 'Sign in' }).waitFor();
      assert.equal(await page.getByText('Signed in as').count(), 0);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

  test(`a wrong password is explained and the form is offered again (${mode})`, async () => {
    const { context, page } = await open(browser, { javaScript });
    await signIn(page, 'trainee@e2e.test', 'not-the-right-password');
    await page.waitForURL(/\/login\?error=invalid/);
    assert.match(await page.getByRole('alert').textContent(), /e-mail address or password is not right/);
    assert.equal(await page.getByLabel('Password').count(), 1);
    await context.close();
  });
}
