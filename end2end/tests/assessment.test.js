// A trainee takes the pre-test, reads the modules, and passes the final
// assessment — with and without JavaScript. With JavaScript the answers
// autosave (a reload keeps them) and the time left counts down.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, seriousA11yViolations, newTrainee, hydrated } from '../lib/browser.js';

const COURSE = BASE + '/courses/identification-basics';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * What a trainee who studied would answer, by a phrase of each question.
 * (The test knows the content it imported; the page never tells it.)
 */
const ANSWERS = [
  ['what comes first', { pick: ['Their safety and immediate needs'] }],
  ['Which of these are indicators', {
    pick: ['Debt that grows however much the person works', 'Identity documents held by the employer'],
  }],
  ['The only interpreter at hand', { pick: ['Find an independent interpreter, if need be by phone'] }],
  ["anti-trafficking hotline", { type: '1300' }],
  ['Is it right to respect that choice', { pick: ['True'] }],
  ['Match each person', {
    match: [
      ['Front-line officer', 'Notices indicators and makes the person safe'],
      ['Social worker', 'Assesses needs and offers support'],
      ['Interpreter', 'Conveys words faithfully, nothing more'],
    ],
  }],
];

async function answerAll(page) {
  let answered = 0;
  for (const [phrase, answer] of ANSWERS) {
    const question = page.locator('fieldset.question', { hasText: phrase });
    if (await question.count() === 0) continue; // not drawn this time
    answered += 1;
    for (const label of answer.pick ?? []) await question.getByLabel(label, { exact: true }).check();
    if (answer.type) await question.locator('input[type=text]').fill(answer.type);
    for (const [left, right] of answer.match ?? []) {
      await question.getByLabel(left, { exact: true }).selectOption({ label: right });
    }
  }
  assert.equal(answered, 5, 'five questions drawn from the six');
}

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';

  test(`pre-test, modules, then the final assessment (${mode})`, async () => {
    const { context, page, errors } = await newTrainee(browser, `assess-${javaScript ? 'js' : 'nojs'}`, javaScript);

    // The course offers the pre-test first.
    await page.goto(COURSE);
    await page.getByRole('link', { name: 'Take the pre-test' }).click();
    await page.waitForURL(COURSE + '/assessment');
    await page.getByText('Pass mark: 60%.').waitFor();
    await page.getByRole('button', { name: 'Take the pre-test' }).click();
    await page.waitForURL(/\/assessment\/\d+$/);
    await page.getByRole('heading', { name: 'Pre-test: see what you know' }).waitFor();
    assert.equal(await page.getByText('Protection comes first').count(), 0, 'no explanation before submitting');
    if (javaScript) {
      await hydrated(page);
      assert.deepEqual(await seriousA11yViolations(page), []);
    }
    // Guess one answer, send.
    await page.locator('fieldset.question').first().locator('input, select').first().focus();
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.waitForURL(/\/assessment\/\d+#result$/);
    await page.getByText(/correctly before the course/).waitFor();
    await page.getByRole('link', { name: 'Start the course' }).click();
    await page.waitForURL(COURSE);

    // The modules.
    for (const module of ['recognising-indicators', 'first-contact']) {
      await page.goto(`${COURSE}/${module}`);
      await page.getByRole('button', { name: 'Mark as done' }).click();
      await page.waitForURL((url) => !url.pathname.endsWith(module));
    }

    // The final assessment.
    await page.goto(COURSE + '/assessment');
    await page.getByRole('button', { name: 'Start the assessment' }).click();
    await page.waitForURL(/\/assessment\/\d+$/);
    const attempt = page.url();
    await page.getByText('You have 20 minutes left').waitFor();
    if (javaScript) {
      await hydrated(page);
      await page.getByRole('timer').getByText(/^(20:00|19:\d\d)$/).waitFor();
      await answerAll(page);
      await page.getByText('All answers saved.').waitFor();
      // A reload (a dropped connection, a closed tab) keeps the answers.
      await page.reload();
      await hydrated(page);
      const hotline = page.locator('fieldset.question', { hasText: 'anti-trafficking hotline' });
      if (await hotline.count()) assert.equal(await hotline.locator('input[type=text]').inputValue(), '1300');
      const first = page.locator('fieldset.question', { hasText: 'what comes first' });
      if (await first.count()) assert.ok(await first.getByLabel('Their safety and immediate needs').isChecked());
      assert.deepEqual(await seriousA11yViolations(page), []);
    } else {
      await answerAll(page);
    }
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.waitForURL(attempt + '#result');
    await page.getByRole('heading', { name: 'You passed with 100% (pass mark 60%)' }).waitFor();
    await page.getByText(/^Before the course you scored \d+(\.\d)?%; now 100%\.?$/).waitFor();
    await page.getByText('You have completed this course.').waitFor();
    // Passed, so the review policy (after_pass) shows the explanations.
    await page.getByText(/Protection comes first|Debt bondage and confiscated|An interpreter linked|around the clock|Assistance is offered/)
      .first().waitFor();

    await page.goto(COURSE + '/assessment');
    await page.getByText('You have passed this assessment.').waitFor();
    await page.goto(COURSE);
    await page.getByText(/You completed this course on \d{1,2} [A-Z][a-z]{2} \d{4}\./).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
}
