// A trainee finds a course, reads its modules in English and Thai, marks
// them done and resumes — with and without JavaScript.
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

/** A trainee of their own, so progress starts from nothing. */
async function newTrainee(tag, javaScript) {
  const admin = await open(browser, { javaScript: false, width: 1024 });
  await signIn(admin.page, 'admin@e2e.test', ADMIN_PASSWORD, false);
  await admin.page.goto(BASE + '/admin/users/new');
  await admin.page.getByLabel('Name (as it should print on a certificate)').fill(`Reader ${tag}`);
  await admin.page.getByLabel('E-mail address').fill(`reader-${tag}@e2e.test`);
  await admin.page.getByRole('button', { name: 'Create account' }).click();
  await admin.page.waitForURL(/done=created/);
  const link = await admin.page.getByLabel('One-time link').inputValue();
  await admin.context.close();
  const trainee = await open(browser, { javaScript, width: 1024 });
  await choosePassword(trainee.page, link, 'reader-password-long');
  await signIn(trainee.page, `reader-${tag}@e2e.test`, 'reader-password-long', javaScript);
  return trainee;
}

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';
  const tag = javaScript ? 'js' : 'nojs';

  test(`a trainee reads a course, marks modules done and resumes (${mode})`, async () => {
    const { context, page, errors } = await newTrainee(tag, javaScript);
    await page.getByRole('link', { name: 'Courses' }).click();
    await page.waitForURL(BASE + '/courses');
    await page.getByText('0 of 2 modules done').waitFor();
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);

    await page.getByRole('link', { name: 'Protection-first identification: the basics' }).click();
    await page.waitForURL(BASE + '/courses/identification-basics');
    await page.getByText('Content warning').waitFor();
    await page.getByRole('link', { name: 'Start the course' }).click();
    await page.waitForURL(/recognising-indicators$/);
    await page.getByRole('heading', { name: 'Recognising indicators' }).waitFor();
    assert.equal(await page.getByText('Case study').count(), 1);
    assert.equal(await page.getByText('Holding documents is a common indicator').count(), 0,
      'no explanation (or key) before the check is sent');
    if (javaScript) assert.deepEqual(await seriousA11yViolations(page), []);

    // The knowledge check: graded on the server, explained afterwards.
    await page.getByLabel('An indicator of control that calls for a private conversation').check();
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await page.waitForURL(/\?check=\d+#check-result$/);
    await page.getByRole('heading', { name: 'Your score: 100%' }).waitFor();
    await page.getByText('Holding documents is a common indicator, not proof.').waitFor();

    // The table of contents jumps within the page.
    await page.getByRole('navigation', { name: 'Contents' }).getByRole('link', { name: 'Indicators of control' }).click();
    await page.waitForURL(/#h-indicators-of-control$/);

    await page.getByRole('button', { name: 'Mark as done' }).click();
    await page.waitForURL(/first-contact$/);
    await page.getByRole('heading', { name: 'The first contact' }).waitFor();

    // Leave, come back: the course offers to continue where we were.
    await page.goto(BASE + '/courses/identification-basics');
    await page.getByRole('link', { name: 'Continue where you left off' }).click();
    await page.waitForURL(/first-contact$/);
    await page.getByRole('button', { name: 'Mark as done' }).click();
    await page.waitForURL(/\/courses\/identification-basics\?done=first-contact$/);
    assert.equal(await page.getByText('Done', { exact: true }).count(), 2);
    await page.goto(BASE + '/courses');
    await page.getByText('2 of 2 modules done').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`Thai readers get Thai, or English with a notice (${mode})`, async () => {
    const { context, page } = await open(browser, { javaScript, width: 1024 });
    await signIn(page, 'trainee@e2e.test', PASSWORD, javaScript);
    await page.getByRole('button', { name: 'ไทย' }).click();
    await page.waitForURL(BASE + '/');
    await page.goto(BASE + '/courses/identification-basics/recognising-indicators');
    await page.getByRole('heading', { name: 'การสังเกตตัวบ่งชี้' }).waitFor();
    await page.goto(BASE + '/courses/identification-basics/first-contact');
    await page.getByText('ส่วนนี้ยังไม่มีในภาษาของคุณ').waitFor();
    await page.getByRole('heading', { name: 'The first contact' }).waitFor();
    // Back to English for the other tests.
    await page.getByRole('button', { name: 'English' }).click();
    await context.close();
  });
}
