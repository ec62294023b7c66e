// A trainer writes a course in the browser — with and without JavaScript:
// creates it, writes a module and a final assessment with a quiz, sees a
// format error at its line and column, previews, publishes; a trainee
// takes the final; the trainer edits the question and republishes; the
// trainee's earlier attempt still shows the question as it was taken.
// axe finds no serious violation on the authoring pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, launch, open, hydrated, seriousA11yViolations, signIn, newTrainee,
} from '../lib/browser.js';

const PASSWORD = process.env.LANTERN_E2E_PASSWORD ?? 'e2e-password-for-roles';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const MODULE = `+++
title = "Meeting the person"
estimated_minutes = 10
objectives = ["Speak to the person alone, with an interpreter they accept"]
+++
## Alone and safe

Speak to the person away from anyone who may control them.
`;

const assessment = (version) => `+++
pass_mark = 50
review = "after_submit"
+++
Answer on your own.

\`\`\`quiz
? [guide-final-1] Who should be present at a first interview? (${version})
(x) Only the person and an interpreter they accept
( ) The employer who brought them
( ) The broker who arranged the job
\`\`\`
`;

/** Replaces the editor's text and saves it through the Preview button. */
async function preview(page, text) {
  await page.getByLabel('Markdown').fill(text);
  await page.getByRole('button', { name: 'Preview (saves the draft)' }).click();
  await page.waitForURL(/done=previewed/);
}

async function publish(page, course) {
  await page.goto(`${BASE}/author/${course}`);
  await page.getByRole('button', { name: 'Publish the drafts' }).click();
  await page.waitForURL(/done=published/);
}

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';
  const slug = `field-guide-${javaScript ? 'js' : 'nojs'}`;
  const title = `Field guide (${mode})`;

  test(`a trainer writes, previews and publishes; attempts keep their version (${mode})`, async () => {
    const trainer = await open(browser, { javaScript, width: 1280 });
    const page = trainer.page;
    await signIn(page, 'trainer@e2e.test', PASSWORD, javaScript);
    await page.getByRole('link', { name: 'Authoring' }).first().click();
    await page.waitForURL(BASE + '/author');
    await page.getByLabel('Course title').fill(title);
    await page.getByLabel('Address (used in links)').fill(slug);
    await page.getByRole('button', { name: 'Create the course' }).click();
    await page.waitForURL(`${BASE}/author/${slug}?done=created`);
    await page.getByRole('heading', { name: title }).waitFor();
    if (javaScript) {
      await hydrated(page);
      assert.deepEqual(await seriousA11yViolations(page), []);
    }

    // The first module: a format error is shown at its place, then fixed.
    await page.getByRole('link', { name: '01-introduction.md' }).click();
    await page.waitForURL(`${BASE}/author/${slug}/files/01-introduction.md`);
    await preview(page, MODULE.replace('estimated_minutes = 10', 'estimated_minutes = "ten"'));
    await page.getByText('Line 3, column 1:').waitFor();
    assert.equal(await page.getByText('No preview until the problems above are fixed.').count(), 1);
    await preview(page, MODULE);
    await page.locator('section.preview').getByRole('heading', { name: 'Alone and safe' }).waitFor();
    if (javaScript) {
      await hydrated(page);
      assert.deepEqual(await seriousA11yViolations(page), []);
      // Typing alone saves the draft and the preview follows; a format
      // error appears at its line without a click.
      await page.getByLabel('Markdown').fill(MODULE + '\nTyped, then saved by itself.\n');
      await page.getByText('Draft saved; the preview shows it.').waitFor();
      await page.locator('section.preview').getByText('Typed, then saved by itself.').waitFor();
      await page.getByLabel('Markdown').fill(MODULE.replace('estimated_minutes = 10', 'estimated_minutes = "ten"'));
      await page.getByText('Line 3, column 1:').waitFor();
      await page.getByLabel('Markdown').fill(MODULE + '\nTyped, then saved by itself.\n');
      await page.locator('section.preview').getByText('Typed, then saved by itself.').waitFor();
      await page.reload();
      await hydrated(page);
      assert.match(await page.getByLabel('Markdown').inputValue(), /Typed, then saved by itself\./);
    }

    // The course page's title, then a final assessment.
    await page.goto(`${BASE}/author/${slug}/files/course.md`);
    const course = await page.getByLabel('Markdown').inputValue();
    await preview(page, course.replace('summary = "…"', 'summary = "Protection first, at a first contact."'));
    await page.goto(`${BASE}/author/${slug}`);
    await page.getByRole('link', { name: 'Add a final assessment' }).click();
    await preview(page, assessment('v1'));
    await page.locator('section.preview').getByText('Who should be present at a first interview? (v1)').waitFor();
    await publish(page, slug);
    await page.getByText('Nothing to publish').waitFor();

    // A trainee finds the course and takes the final.
    const trainee = await newTrainee(browser, `author-${javaScript ? 'js' : 'nojs'}`, javaScript);
    await trainee.page.goto(`${BASE}/courses/${slug}`);
    await trainee.page.getByRole('heading', { name: title }).waitFor();
    await trainee.page.goto(`${BASE}/courses/${slug}/assessment`);
    await trainee.page.getByRole('button', { name: 'Start the assessment' }).click();
    await trainee.page.waitForURL(/\/assessment\/\d+$/);
    const attempt = trainee.page.url();
    await trainee.page.getByLabel('Only the person and an interpreter they accept').check();
    await trainee.page.getByRole('button', { name: 'Send my answers' }).click();
    await trainee.page.waitForURL(attempt + '#result');
    await trainee.page.getByText('(v1)').first().waitFor();

    // The trainer changes the question and republishes; the history shows it.
    await page.goto(`${BASE}/author/${slug}/files/assessment.md`);
    await preview(page, assessment('v2'));
    await publish(page, slug);
    await page.goto(`${BASE}/author/${slug}/files/assessment.md/history`);
    await page.getByRole('link', { name: 'Changes from the previous version' }).click();
    await page.waitForURL(/#diff$/);
    await page.locator('.diff ins', { hasText: 'v2' }).first().waitFor();
    if (javaScript) {
      await hydrated(page);
      assert.deepEqual(await seriousA11yViolations(page), []);
    }

    // The trainee's attempt still shows what they were asked.
    await trainee.page.goto(attempt);
    await trainee.page.getByText('(v1)').first().waitFor();
    assert.equal(await trainee.page.getByText('(v2)').count(), 0);
    // A new reader of the module sees the published text.
    await trainee.page.goto(`${BASE}/courses/${slug}/introduction`);
    await trainee.page.getByRole('heading', { name: 'Alone and safe' }).waitFor();

    assert.deepEqual(trainer.errors, []);
    assert.deepEqual(trainee.errors, []);
    await trainee.context.close();
    await trainer.context.close();
  });
}
