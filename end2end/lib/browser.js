// Shared set-up for the browser tests: Debian's Chromium driven by
// playwright-core, against the server started by scripts/e2e.sh.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHmac } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE = process.env.LANTERN_E2E_URL ?? 'http://127.0.0.1:3000';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * A fresh browser context (own cookies) and page. `javaScript: false` is the
 * no-JavaScript run. Page errors and console errors (CSP violations among
 * them) are collected so a test can assert there were none.
 */
export async function open(browser, { javaScript = true, locale = 'en-GB', width = 360 } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled: javaScript,
    locale,
    viewport: { width, height: 780 },
  });
  const page = await context.newPage();
  // Fail a step in seconds, with the locator in the message, not hang.
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page, errors };
}

/**
 * Waits until the page's scripts have run: the menu's inline script (which
 * marks `<html data-js>`), and — on a page with an island, which alone loads
 * the wasm bundle — until every island has hydrated (`data-hydrated`).
 */
export async function hydrated(page) {
  await page.waitForSelector('html[data-js]', { state: 'attached', timeout: 20_000 });
  const islands = await page.locator('leptos-island').count();
  if (islands > 0) {
    await page.waitForSelector('[data-hydrated="true"]', { timeout: 20_000 });
  }
}

/**
 * Runs axe-core in the page and returns its serious and critical violations.
 * Needs JavaScript: in a context without it, evaluation never returns.
 */
export async function seriousA11yViolations(page) {
  const results = await page.evaluate(async (source) => {
    // eslint-disable-next-line no-eval
    (0, eval)(source);
    return await window.axe.run(document, { resultTypes: ['violations'] });
  }, AXE_SOURCE);
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// Second factors: the test plays the authenticator app. Each account's
// secret (read off the enrolment page) and the last 30-second step it used
// are kept in a file, since every test file runs in its own process; a step
// is used once, so a new sign-in takes the next one (waiting if it is more
// than one step ahead, the server's allowed drift).
const FACTORS = join(dirname(fileURLToPath(import.meta.url)), '..', '.tmp', 'factors.json');

function factors() {
  try { return JSON.parse(readFileSync(FACTORS, 'utf8')); } catch { return {}; }
}

function saveFactor(email, entry) {
  const all = factors();
  all[email] = entry;
  mkdirSync(dirname(FACTORS), { recursive: true });
  writeFileSync(FACTORS, JSON.stringify(all));
}

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[^A-Z2-7]/gi, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238: the six-digit code of `secret` (base32) at `step`. */
export function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/**
 * A code for `email`'s factor that has not been used yet: the app's code for
 * the next unused step when the server would take it now, otherwise one of
 * the recovery codes shown at enrolment (so no test waits for the clock).
 */
function nextCode(email) {
  const entry = factors()[email];
  const now = Math.floor(Date.now() / 30_000);
  const step = Math.max(now - 1, (entry.last ?? 0) + 1);
  if (step <= now + 1 || !entry.recovery?.length) {
    saveFactor(email, { ...entry, last: step });
    return totp(entry.secret, step);
  }
  const [code, ...rest] = entry.recovery;
  saveFactor(email, { ...entry, recovery: rest });
  return code;
}

/**
 * Signs in through the form and waits for the home page (and hydration).
 * An account that needs a second factor enrols on its first sign-in and
 * gives a code on later ones, as a person would.
 */
export async function signIn(page, email, password, javaScript = false) {
  await page.goto(BASE + '/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => ['/', '/login/code', '/account/second-factor'].includes(url.pathname));
  const path = new URL(page.url()).pathname;
  if (path === '/account/second-factor') {
    const secret = (await page.locator('code.secret').textContent()).trim();
    saveFactor(email, { secret });
    await page.getByLabel('The six-digit code the app shows now').fill(nextCode(email));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(/done=enrolled/);
    await page.getByText('Your recovery codes').waitFor();
    const recovery = await page.locator('.recovery-codes code').allTextContents();
    if (recovery.length !== 10) throw new Error(`expected 10 recovery codes, got ${recovery.length}`);
    saveFactor(email, { ...factors()[email], recovery });
    await page.goto(BASE + '/');
  } else if (path === '/login/code') {
    await page.getByLabel('Code from the app, or a recovery code').fill(nextCode(email));
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.waitForURL(BASE + '/');
  if (javaScript) await hydrated(page);
}

/** Chooses a password on a set-up or reset link's page. */
export async function choosePassword(page, link, password) {
  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('New password again').fill(password);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await page.waitForURL(/\/login\?reset=1/);
}

/**
 * A trainee of their own (`name@e2e.test`), created by the administrator
 * through the admin screens, so progress starts from nothing. Returns the
 * trainee's signed-in { context, page, errors }.
 */
export async function newTrainee(browser, name, javaScript) {
  const adminPassword = process.env.LANTERN_ADMIN_PASSWORD ?? 'e2e-admin-password-long';
  const admin = await open(browser, { javaScript: false, width: 1024 });
  await signIn(admin.page, 'admin@e2e.test', adminPassword, false);
  await admin.page.goto(BASE + '/admin/users/new');
  await admin.page.getByLabel('Name (as it should print on a certificate)').fill(`Trainee ${name}`);
  await admin.page.getByLabel('E-mail address').fill(`${name}@e2e.test`);
  await admin.page.getByRole('button', { name: 'Create account' }).click();
  await admin.page.waitForURL(/done=created/);
  const link = await admin.page.getByLabel('One-time link').inputValue();
  await admin.context.close();
  const trainee = await open(browser, { javaScript, width: 1024 });
  await choosePassword(trainee.page, link, 'trainee-password-long');
  await signIn(trainee.page, `${name}@e2e.test`, 'trainee-password-long', javaScript);
  return trainee;
}
