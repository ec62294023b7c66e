// The administration screens, with and without JavaScript: an admin adds an
// organisation and an account, hands over the set-up link, the new person
// signs in with it; a trainer creates a trainee; a ministry user only reads;
// and disabling an account signs its owner out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, launch, open, hydrated, seriousA11yViolations, signIn, choosePassword,
} from '../lib/browser.js';

const PASSWORD = process.env.LANTERN_E2E_PASSWORD ?? 'e2e-password-for-roles';
const ADMIN_PASSWORD = process.env.LANTERN_ADMIN_PASSWORD ?? 'e2e-admin-password-long';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Follows a set-up link in a fresh browser, chooses a password, signs in. */
async function useLink(link, email, javaScript) {
  const { context, page } = await open(browser, { javaScript });
  await choosePassword(page, link, 'my-own-new-password');
  await signIn(page, email, 'my-own-new-password', javaScript);
  await context.close();
}

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';
  const tag = javaScript ? 'js' : 'nojs';

  test(`an admin builds the tree and creates an account (${mode})`, async () => {
    const { context, page, errors } = await open(browser, { javaScript, width: 1024 });
    await signIn(page, 'admin@e2e.test', ADMIN_PASSWORD, javaScript);

    await page.getByRole('link', { name: 'Organisations' }).click();
    await page.waitForURL(BASE + '/admin/organisations');
    await page.getByLabel('Name', { exact: true }).last().fill(`Chiang Rai shelter ${tag}`);
    await page.getByLabel('Short name for addresses and reports').fill(`shelter-${tag}`);
    await page.getByLabel('Part of').last().selectOption('msdhs');
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await page.waitForURL(/done=created/);
    assert.match(await page.getByRole('status').first().textContent(), /organisation is added/);
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);

    await page.goto(BASE + '/admin/users/new');
    if (javaScript) await hydrated(page);
    await page.getByLabel('Name (as it should print on a certificate)').fill('ဒေါ်ခင်မာ');
    await page.getByLabel('Name in Latin script').fill(`Daw Khin Ma ${tag}`);
    await page.getByLabel('E-mail address').fill(`khinma-${tag}@e2e.test`);
    await page.getByLabel('Position').fill('Shelter psychologist');
    await page.getByLabel('Organisation').selectOption(`shelter-${tag}`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/admin\/users\/\d+\?done=created/);
    await page.getByRole('heading', { name: 'ဒေါ်ခင်မာ' }).waitFor();
    const link = await page.getByLabel('One-time link').inputValue();
    assert.match(link, /\/reset\/[0-9a-f]{64}$/);
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);
    // Shown once: a reload no longer has it.
    await page.reload();
    assert.equal(await page.getByLabel('One-time link').count(), 0);

    await useLink(link, `khinma-${tag}@e2e.test`, javaScript);

    // The audit log records it and the chain is intact.
    await page.goto(BASE + '/admin/audit');
    await page.getByText('The log is intact').waitFor();
    assert.ok(await page.getByText('account.created').count() > 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`a trainer creates a trainee; a ministry user only reads (${mode})`, async () => {
    const trainer = await open(browser, { javaScript, width: 1024 });
    await signIn(trainer.page, 'trainer@e2e.test', PASSWORD, javaScript);
    await trainer.page.getByRole('link', { name: 'People' }).click();
    await trainer.page.waitForURL(BASE + '/admin/users');
    await trainer.page.getByRole('link', { name: 'New account' }).click();
    await trainer.page.waitForURL(BASE + '/admin/users/new');
    // Trainers grant the trainee role only.
    assert.equal(await trainer.page.getByLabel('Administrator').count(), 0);
    await trainer.page.getByLabel('Name (as it should print on a certificate)').fill(`สมศรี ${tag}`);
    await trainer.page.getByLabel('E-mail address').fill(`somsri-${tag}@e2e.test`);
    await trainer.page.getByLabel('Organisation').selectOption('msdhs');
    await trainer.page.getByRole('button', { name: 'Create account' }).click();
    await trainer.page.waitForURL(/done=created/);
    assert.equal(await trainer.page.getByLabel('One-time link').count(), 1);
    assert.equal(await trainer.page.getByRole('button', { name: 'Disable account' }).count(), 0);
    assert.deepEqual(trainer.errors, []);
    await trainer.context.close();

    const ministry = await open(browser, { javaScript, width: 1024 });
    await signIn(ministry.page, 'ministry@e2e.test', PASSWORD, javaScript);
    await ministry.page.goto(BASE + `/admin/users?q=${encodeURIComponent('สมศรี ' + tag)}`);
    await ministry.page.getByRole('link', { name: `สมศรี ${tag}` }).click();
    await ministry.page.waitForURL(/\/admin\/users\/\d+$/);
    assert.equal(await ministry.page.getByRole('button').filter({ hasText: /Disable|Save|reset/ }).count(), 0);
    assert.equal(await ministry.page.getByRole('link', { name: 'New account' }).count(), 0);
    const denied = await ministry.page.goto(BASE + '/admin/organisations');
    assert.equal(denied.status(), 403);
    await ministry.context.close();
  });

  test(`disabling an account signs its owner out (${mode})`, async () => {
    const email = `disable-me-${tag}@e2e.test`;
    const admin = await open(browser, { javaScript, width: 1024 });
    await signIn(admin.page, 'admin@e2e.test', ADMIN_PASSWORD, javaScript);
    await admin.page.goto(BASE + '/admin/users/new');
    await admin.page.getByLabel('Name (as it should print on a certificate)').fill(`Disable ${tag}`);
    await admin.page.getByLabel('E-mail address').fill(email);
    await admin.page.getByRole('button', { name: 'Create account' }).click();
    await admin.page.waitForURL(/done=created/);
    const link = await admin.page.getByLabel('One-time link').inputValue();
    const personUrl = admin.page.url().split('?')[0];

    const person = await open(browser, { javaScript });
    await choosePassword(person.page, link, 'my-own-new-password');
    await signIn(person.page, email, 'my-own-new-password', javaScript);

    await admin.page.goto(personUrl);
    await admin.page.getByRole('button', { name: 'Disable account' }).click();
    await admin.page.waitForURL(/done=disabled/);

    await person.page.goto(BASE + '/account');
    await person.page.waitForURL(/\/login/);
    assert.equal(await person.page.getByText('Signed in as').count(), 0);
    await person.context.close();
    await admin.context.close();
  });
}

test('a user downloads their own data', async () => {
  const { context, page } = await open(browser, { javaScript: true });
  await signIn(page, 'trainee@e2e.test', PASSWORD, true);
  await page.goto(BASE + '/account');
  await hydrated(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download my data' }).click(),
  ]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const data = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(data.account.email, 'trainee@e2e.test');
  assert.deepEqual(data.account.roles, ['trainee']);
  await context.close();
});
