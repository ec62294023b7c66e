// The ministry's side, with and without JavaScript: a ministry user opens the
// completion report, filters it by course (a plain GET form: the filter is
// the address), downloads the CSV, XLSX and PDF of that view, opens the
// dashboard and the knowledge-gain page, and prepares a background download;
// axe finds no serious violation on any of them, nor on /admin/audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  BASE, launch, open, hydrated, seriousA11yViolations, signIn,
} from '../lib/browser.js';

const PASSWORD = process.env.LANTERN_E2E_PASSWORD ?? 'e2e-password-for-roles';
const ADMIN_PASSWORD = process.env.LANTERN_ADMIN_PASSWORD ?? 'e2e-admin-password-long';

let browser;
before(async () => {
  browser = await launch();
  // A trainee of the ministry's organisation begins a course, so the report
  // has a row of its own whatever ran before.
  const { context, page } = await open(browser, { javaScript: false });
  await signIn(page, 'trainee@e2e.test', PASSWORD, false);
  await page.goto(BASE + '/courses/identification-basics/recognising-indicators');
  await context.close();
});
after(async () => { await browser?.close(); });

/** Clicks a download link and returns the downloaded file's bytes. */
async function download(page, name) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name }).first().click(),
  ]);
  return readFile(await file.path());
}

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';

  test(`a ministry user filters the report, downloads it and reads the dashboard (${mode})`, async () => {
    const { context, page, errors } = await open(browser, { javaScript, width: 1280 });
    await signIn(page, 'ministry@e2e.test', PASSWORD, javaScript);
    await page.getByRole('link', { name: 'Reports' }).first().click();
    await page.waitForURL(BASE + '/reports');
    await page.getByRole('heading', { name: 'Completion report' }).waitFor();
    if (javaScript) await hydrated(page);

    // Filter by course: the form is a GET, the view an address.
    await page.getByLabel('Course').selectOption('identification-basics');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL(/\/reports\?.*course=identification-basics/);
    const table = page.getByRole('region', { name: /Completion report table/ });
    await table.getByText('E2E trainee').first().waitFor();
    assert.match(await page.getByRole('status').first().textContent(), /(One row|\d+ rows) \(/);
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);

    // The three downloads of this view.
    const csv = await download(page, 'CSV (Excel, UTF-8)');
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark');
    const text = csv.toString('utf8');
    assert.match(text, /"trainee_id","name","name_latin"/);
    assert.match(text, /"E2E trainee"/);
    assert.ok(!/"seed-/.test(text));
    const xlsx = await download(page, 'Excel workbook (XLSX)');
    assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
    const pdf = await download(page, 'Summary (PDF)');
    assert.equal(pdf.subarray(0, 4).toString(), '%PDF');

    // The dashboard and the gain page, with the same filter.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/reports\/dashboard\?course=identification-basics/);
    await page.getByRole('heading', { name: 'Completions per month' }).waitFor();
    assert.ok(await page.locator('figure.chart svg').count() >= 3, 'charts drawn on the server');
    assert.ok(await page.getByText('fewer than 5').count() > 0, 'a small group is withheld');
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);
    await page.getByRole('link', { name: 'Knowledge gain' }).click();
    await page.waitForURL(/\/reports\/gain/);
    await page.getByRole('heading', { name: 'By module' }).waitFor();
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);

    // How the course's questions perform, with the same filter.
    await page.getByRole('link', { name: 'Questions', exact: true }).click();
    await page.waitForURL(/\/reports\/questions\?course=identification-basics/);
    await page.getByRole('region', { name: 'Question statistics' }).waitFor();
    assert.match(await page.getByRole('status').first().textContent(), /graded final|One graded final/);
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);

    // A background download: started by a form, its progress on a page.
    await page.goto(BASE + '/reports?course=identification-basics');
    await page.getByText('Prepare a download of every row in the background').click();
    await page.getByLabel('Format').selectOption('csv');
    await page.getByRole('button', { name: 'Prepare' }).click();
    await page.waitForURL(/\/reports\/exports\?done=started/);
    // The page refreshes itself until the file is ready.
    await page.locator('progress').waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByRole('link', { name: 'Download CSV' }).first().waitFor();
    const prepared = await download(page, 'Download CSV');
    assert.equal(prepared.toString('utf8'), text, 'the same rows as the direct download');
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('axe finds no serious violation on the audit log', async () => {
  const { context, page } = await open(browser, { javaScript: true, width: 1280 });
  await signIn(page, 'admin@e2e.test', ADMIN_PASSWORD, true);
  await page.goto(BASE + '/admin/audit');
  await hydrated(page);
  await page.getByText('The log is intact').waitFor();
  assert.deepEqual(await seriousA11yViolations(page), []);
  await context.close();
});
