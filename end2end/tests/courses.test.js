// A trainee finds a course, reads its modules in English and Thai, marks
// them done and resumes — with and without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, launch, open, seriousA11yViolations, signIn, newTrainee,
} from '../lib/browser.js';

const PASSWORD = process.env.LANTERN_E2E_PASSWORD ?? 'e2e-password-for-roles';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';
  const tag = javaScript ? 'js' : 'nojs';

  test(`a trainee reads a course, marks modules done and resumes (${mode})`, async () => {
    const { context, page, errors } = await newTrainee(browser, `reader-${tag}`, javaScript);
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
