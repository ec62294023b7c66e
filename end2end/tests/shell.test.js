// The app shell: home page, hydration, no-JavaScript use, language switch,
// 404, accessibility.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, hydrated, seriousA11yViolations } from '../lib/browser.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the menu button responds, and a page without an island downloads no wasm (CSP on)', async () => {
  const { context, page, errors } = await open(browser);
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  const response = await page.goto(BASE + '/');
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'nonce-/);
  await hydrated(page);

  const toggle = page.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await nav.isVisible(), false, 'on a phone the hydrated menu starts folded');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await nav.isVisible(), true);
  await page.keyboard.press('Enter'); // the focused toggle closes it again from the keyboard
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.deepEqual(fetched.filter((u) => /\.(wasm|js)(\?|$)/.test(u)), [],
    'no script or wasm is downloaded for a page without an island');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the home page works with JavaScript disabled', async () => {
  const { context, page } = await open(browser, { javaScript: false });
  await page.goto(BASE + '/');
  assert.equal(await page.locator('h1').textContent(),
    'Training for the people who protect victims of trafficking');
  assert.equal(await page.getByRole('button', { name: 'Menu' }).isVisible(), false,
    'without JavaScript there is no menu button to press');
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).isVisible(), true);
  assert.equal(await page.locator('[data-hydrated="true"]').count(), 0);

  await page.getByRole('button', { name: 'ไทย' }).click();
  await page.waitForURL(BASE + '/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'th');
  assert.equal(await page.locator('h1').textContent(), 'การฝึกอบรมสำหรับผู้คุ้มครองผู้เสียหายจากการค้ามนุษย์');
  await context.close();
});

test('the language switch changes the interface to Thai and back (JavaScript on)', async () => {
  const { context, page, errors } = await open(browser);
  await page.goto(BASE + '/');
  await hydrated(page);
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('button', { name: 'ไทย' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'th');
  await hydrated(page);
  assert.equal(await page.locator('h1').textContent(), 'การฝึกอบรมสำหรับผู้คุ้มครองผู้เสียหายจากการค้ามนุษย์');
  await page.getByRole('button', { name: 'เมนู' }).click();
  assert.equal(await page.getByRole('button', { name: 'ไทย' }).getAttribute('aria-pressed'), 'true');
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a browser asking for Thai gets Thai on the first visit', async () => {
  const { context, page } = await open(browser, { locale: 'th-TH' });
  await page.goto(BASE + '/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'th');
  await context.close();
});

test('unknown addresses get a 404 page inside the site frame', async () => {
  const { context, page } = await open(browser, { javaScript: false });
  const response = await page.goto(BASE + '/no/such/page');
  assert.equal(response.status(), 404);
  assert.equal(await page.locator('h1').textContent(), 'Page not found');
  assert.equal(await page.getByRole('link', { name: 'Go to the home page' }).count(), 1);
  await context.close();
});

test('the skip link moves keyboard focus to the main content', async () => {
  const { context, page } = await open(browser, { width: 1024 });
  await page.goto(BASE + '/');
  await hydrated(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  await context.close();
});

for (const [name, path, locale, width] of [
  ['home, English, phone', '/', 'en-GB', 360],
  ['home, Thai, desktop', '/', 'th-TH', 1280],
  ['404, English, phone', '/missing', 'en-GB', 360],
]) {
  test(`axe finds no serious or critical accessibility violation: ${name}`, async () => {
    const { context, page } = await open(browser, { locale, width });
    await page.goto(BASE + path);
    await hydrated(page);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await context.close();
  });
}
