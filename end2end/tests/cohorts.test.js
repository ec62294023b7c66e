// A trainer runs a workshop batch, with and without JavaScript: creates a
// cohort with a course and dates, adds a trainee and a session day and
// records attendance; the trainee finds the assigned course first in the
// catalog with its due date;
// a ministry user of the organisation reads the cohort and changes nothing,
// and filters the report by it. axe finds no serious violation on the
// cohort pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, launch, open, hydrated, seriousA11yViolations, signIn,
} from '../lib/browser.js';

const PASSWORD = process.env.LANTERN_E2E_PASSWORD ?? 'e2e-password-for-roles';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';
  const name = `Chiang Mai police ${javaScript ? 'js' : 'nojs'}`;

  test(`a trainer creates a cohort, adds a trainee and a session day (${mode})`, async () => {
    const { context, page, errors } = await open(browser, { javaScript, width: 1024 });
    await signIn(page, 'trainer@e2e.test', PASSWORD, javaScript);
    await page.getByRole('link', { name: 'Cohorts' }).first().click();
    await page.waitForURL(BASE + '/cohorts');
    await page.getByRole('heading', { name: 'New cohort' }).waitFor();
    if (javaScript) await hydrated(page);

    await page.getByLabel('Cohort name').fill(name);
    await page.getByLabel('Organisation').selectOption('msdhs');
    await page.getByLabel('Province').fill('เชียงใหม่');
    await page.getByLabel('Starts').fill('2027-03-01');
    await page.getByLabel('Due').fill('2027-03-31');
    await page.getByRole('checkbox').first().check();
    await page.getByRole('button', { name: 'Create cohort' }).click();
    await page.waitForURL(/\/cohorts\/\d+\?done=created$/);
    await page.getByRole('heading', { name }).waitFor();
    assert.match(await page.getByRole('status').first().textContent(), /The cohort was created/);
    const cohortUrl = page.url().split('?')[0];

    await page.getByLabel('Add a trainee by e-mail address').fill('trainee@e2e.test');
    await page.getByRole('button', { name: 'Add', exact: true }).nth(1).click();
    await page.waitForURL(/done=added/);
    await page.getByText('E2E trainee').waitFor();
    // Adding them again changes nothing.
    await page.getByLabel('Add a trainee by e-mail address').fill('trainee@e2e.test');
    await page.getByRole('button', { name: 'Add', exact: true }).nth(1).click();
    await page.waitForURL(/done=already/);
    // Someone who is not a trainee the trainer manages is refused.
    await page.getByLabel('Add a trainee by e-mail address').fill('ministry@e2e.test');
    await page.getByRole('button', { name: 'Add', exact: true }).nth(1).click();
    await page.waitForURL(/error=account/);
    assert.match(await page.getByRole('alert').first().textContent(), /no account with that address/);

    await page.getByLabel('Session day').fill('2027-03-02');
    await page.getByRole('button', { name: 'Add', exact: true }).nth(2).click();
    await page.waitForURL(/done=added/);
    await page.getByText('2027-03-02').waitFor();
    // Attendance: a checklist per session day, a plain form.
    await page.getByLabel('E2E trainee', { exact: true }).check();
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await page.waitForURL(/done=attendance/);
    await page.getByText('1 of 1 present').waitFor();
    assert.ok(await page.getByLabel('E2E trainee', { exact: true }).isChecked());
    if (javaScript) {
      await hydrated(page);
      assert.deepEqual(await seriousA11yViolations(page), []);
      await page.goto(BASE + '/cohorts');
      await page.getByRole('link', { name }).waitFor();
      assert.deepEqual(await seriousA11yViolations(page), []);
    }
    assert.deepEqual(errors, []);
    await context.close();

    // The trainee: the assigned course comes first, with its due date.
    const trainee = await open(browser, { javaScript });
    await signIn(trainee.page, 'trainee@e2e.test', PASSWORD, javaScript);
    await trainee.page.goto(BASE + '/courses');
    const first = trainee.page.locator('li.course-card').first();
    assert.match(await first.textContent(), /Assigned to you/);
    assert.match(await first.textContent(), /Due 31 Mar 2027/);
    // Reading a module begins a course, so the report has the trainee's row.
    await trainee.page.goto(BASE + '/courses/identification-basics/recognising-indicators');
    await trainee.context.close();

    // The ministry reads it, changes nothing, and filters its report by it.
    const ministry = await open(browser, { javaScript, width: 1024 });
    await signIn(ministry.page, 'ministry@e2e.test', PASSWORD, javaScript);
    await ministry.page.goto(cohortUrl);
    await ministry.page.getByRole('heading', { name }).waitFor();
    await ministry.page.getByText('E2E trainee').waitFor();
    assert.equal(await ministry.page.getByRole('button').filter({ hasText: /Add|Remove|Save/ }).count(), 0);
    const id = cohortUrl.split('/').pop();
    await ministry.page.goto(BASE + `/reports?cohort=${id}`);
    const table = ministry.page.getByRole('region', { name: /Completion report table/ });
    await table.getByText('E2E trainee').first().waitFor();
    assert.equal(await ministry.page.getByLabel('Cohort', { exact: true }).inputValue(), id);
    await ministry.context.close();
  });
}
