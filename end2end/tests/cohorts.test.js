// A trainer runs a workshop batch, with and without JavaScript: creates a
// cohort with a course and dates, adds a trainee and a session day and
// records attendance; the trainee finds the assigned course first in the
// catalog with its due date;
// a ministry user of the organisation reads the cohort and changes nothing,
// and filters the report by it. axe finds no serious violation on the
// cohort pages.
import { test, before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

// A workshop from a spreadsheet: the trainer uploads a roster (a bad one
// first: every problem listed, nothing enrolled), enrols it after the
// preview, prints the sign-in sheets — whose link lets a new trainee
// without e-mail choose a password and sign in with their username, once —
// opens the dashboard and sorts it; a join code registers another trainee
// at /join. With JavaScript on and off.

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';
  const tag = javaScript ? 'js' : 'nojs';
  const name = `Roster workshop ${tag}`;

  test(`a trainer enrols a roster, prints sign-in sheets and opens the dashboard (${mode})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-e2e-'));
    const { context, page, errors } = await open(browser, { javaScript, width: 1024 });
    await signIn(page, 'trainer@e2e.test', PASSWORD, javaScript);
    await page.goto(BASE + '/cohorts');
    await page.getByLabel('Cohort name').fill(name);
    await page.getByLabel('Organisation').selectOption('msdhs');
    await page.getByRole('checkbox').first().check();
    await page.getByRole('button', { name: 'Create cohort' }).click();
    await page.waitForURL(/\/cohorts\/\d+\?done=created$/);
    const cohortUrl = page.url().split('?')[0];

    // A bad roster: every problem with its row and column, no import button.
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'name,email,username,organisation\n,x@e2e.test,,msdhs\nPim,,p,nowhere\n');
    await page.getByLabel('Roster file (CSV)').setInputFiles(bad);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.waitForURL(/\/roster\?upload=\d+$/);
    await page.getByText('3 problems: nothing has been enrolled').waitFor();
    const problems = await page.locator('table').first().textContent();
    assert.match(problems, /required/);
    assert.match(problems, /no organisation “nowhere”/);
    assert.equal(await page.getByRole('button', { name: /^Enrol/ }).count(), 0);

    // A good one, UTF-8 with a byte-order mark as Excel saves it.
    const good = join(dir, 'good.csv');
    writeFileSync(good, '\ufeffname,name_latin,email,username,organisation,language\n'
      + `สมศรี มีสุข,Somsri Meesuk,,somsri.${tag},msdhs,th\n`
      + `Kham Phet,,kham-${tag}@e2e.test,,msdhs,en\n`);
    await page.getByLabel('Roster file (CSV)').setInputFiles(good);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.waitForURL(/\/roster\?upload=\d+$/);
    await page.getByText('New accounts: 2').waitFor();
    await page.getByText('สมศรี มีสุข').waitFor();
    if (javaScript) {
      await hydrated(page);
      assert.deepEqual(await seriousA11yViolations(page), []);
    }
    await page.getByRole('button', { name: 'Enrol these 2 people' }).click();
    await page.waitForURL(/done=enrolled/);
    await page.getByText('Kham Phet').waitFor();

    // Sign-in sheets: a PDF whose link works once.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Print sign-in sheets' }).click(),
    ]);
    const pdf = join(dir, 'sheets.pdf');
    await download.saveAs(pdf);
    const text = execFileSync('pdftotext', [pdf, '-']).toString();
    assert.match(text, /สมศรี มีสุข/);
    assert.match(text, new RegExp(`Sign in with: somsri\\.${tag}`));
    const links = [...text.matchAll(/\/reset\/[0-9a-f]{64}/g)].map((m) => m[0]);
    assert.equal(links.length, 2, text);
    const somsri = links[text.indexOf('สมศรี') < text.indexOf('Kham') ? 0 : 1];
    const newcomer = await open(browser, { javaScript });
    await newcomer.page.goto(BASE + somsri);
    await newcomer.page.getByLabel('New password', { exact: true }).fill('somsri-chooses-this-1');
    await newcomer.page.getByLabel('New password again').fill('somsri-chooses-this-1');
    await newcomer.page.getByRole('button', { name: 'Set new password' }).click();
    await newcomer.page.waitForURL(/\/login\?reset=1/);
    await signIn(newcomer.page, `somsri.${tag}`, 'somsri-chooses-this-1', javaScript);
    await newcomer.context.close();
    // Used once: the same link is refused to whoever holds the slip.
    const again = await open(browser, { javaScript });
    await again.page.goto(BASE + somsri);
    await again.page.getByLabel('New password', { exact: true }).fill('somsri-tries-again-2');
    await again.page.getByLabel('New password again').fill('somsri-tries-again-2');
    await again.page.getByRole('button', { name: 'Set new password' }).click();
    await again.page.getByRole('alert').filter({ hasText: /already been used|not valid/ }).waitFor();
    await again.context.close();

    // A join code: someone registers at /join and lands in the cohort.
    await page.goto(cohortUrl);
    await page.getByRole('button', { name: 'Make a join code' }).click();
    await page.waitForURL(/done=code-made/);
    const code = (await page.locator('code.join-code').first().textContent()).trim();
    const joiner = await open(browser, { javaScript });
    await joiner.page.goto(BASE + '/join');
    await joiner.page.getByLabel('Join code').fill(code.toLowerCase());
    await joiner.page.getByLabel('Name (as it should print on a certificate)').fill(`Joiner ${tag}`);
    await joiner.page.getByLabel('Username').fill(`joiner.${tag}`);
    await joiner.page.getByLabel('New password', { exact: true }).fill('joiner-password-long');
    await joiner.page.getByLabel('New password again').fill('joiner-password-long');
    if (javaScript) {
      await hydrated(joiner.page);
      assert.deepEqual(await seriousA11yViolations(joiner.page), []);
    }
    await joiner.page.getByRole('button', { name: 'Register and join' }).click();
    await joiner.page.waitForURL(/\/courses/);
    assert.match(await joiner.page.locator('li.course-card').first().textContent(), /Assigned to you/);
    await joiner.context.close();

    // The dashboard: everyone's row, sortable, downloadable.
    await page.goto(cohortUrl);
    await page.getByRole('link', { name: 'Open the cohort dashboard' }).click();
    await page.waitForURL(/\/progress$/);
    await page.getByRole('rowheader', { name: /Kham Phet/ }).waitFor();
    await page.getByRole('rowheader', { name: new RegExp(`Joiner ${tag}`) }).waitFor();
    await page.getByRole('link', { name: 'Modules done' }).click();
    await page.waitForURL(/sort=progress/);
    assert.equal(
      await page.getByRole('columnheader', { name: 'Modules done' }).getAttribute('aria-sort'),
      'ascending',
    );
    const [sheet] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = join(dir, 'progress.csv');
    await sheet.saveAs(csv);
    const rows = readFileSync(csv, 'utf8');
    assert.ok(rows.startsWith('\ufeff'), 'a byte-order mark');
    assert.match(rows, /"สมศรี มีสุข"/);
    if (javaScript) {
      await hydrated(page);
      assert.deepEqual(await seriousA11yViolations(page), []);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}
