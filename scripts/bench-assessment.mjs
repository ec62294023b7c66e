// The load generator of scripts/bench-assessment.sh (Node 18+, no
// dependencies). Every trainee signs in, takes the pre-test, then — all at
// once, timed — starts the final assessment, opens it, and submits it twice
// concurrently. Afterwards each trainee's attempt list is read back: exactly
// one pre-test and one final, both graded.
const BASE = process.env.BASE;
const N = Number(process.env.TRAINEES ?? 100);
const COURSE = '/courses/identification-basics/assessment';

async function request(path, { body, cookie } = {}) {
  const headers = { origin: BASE };
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  const started = performance.now();
  const reply = await fetch(BASE + path, {
    method: body === undefined ? 'GET' : 'POST', headers, body, redirect: 'manual',
  });
  const text = await reply.text();
  return { reply, text, ms: performance.now() - started };
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function signIn(i) {
  const { reply } = await request('/login', {
    body: new URLSearchParams({ email: `bench-${i}@bench.test`, password: 'bench-password-long' }).toString(),
  });
  expect(reply.status === 303, `sign-in ${i}: ${reply.status}`);
  return reply.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** Starts an attempt and returns its address. */
async function start(cookie, purpose, timings) {
  const r = await request(`${COURSE}/start`, { body: `purpose=${purpose}`, cookie });
  timings?.push(r.ms);
  const location = r.reply.headers.get('location') ?? '';
  expect(r.reply.status === 303 && /\/assessment\/\d+$/.test(location), `start ${purpose}: ${r.reply.status} ${location}`);
  return location;
}

const answers = 'q0=0&q1=1&q2_0=on&q3=1300&q4=0';

async function pretest(cookie) {
  const at = await start(cookie, 'pretest');
  const r = await request(at, { body: answers, cookie });
  expect(r.reply.status === 303, `pre-test submit: ${r.reply.status}`);
}

async function final(cookie, timings) {
  const at = await start(cookie, 'final', timings.start);
  const page = await request(at, { cookie });
  expect(page.reply.status === 200 && page.text.includes('Send my answers'), `attempt page: ${page.reply.status}`);
  timings.page.push(page.ms);
  // A double click: the same form twice at once.
  const both = await Promise.all([request(at, { body: answers, cookie }), request(at, { body: answers, cookie })]);
  for (const r of both) {
    expect(r.reply.status === 303 && r.reply.headers.get('location') === `${at}#result`, `submit: ${r.reply.status}`);
    timings.submit.push(r.ms);
  }
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const cookies = [];
for (let i = 1; i <= N; i += 1) cookies.push(await signIn(i));
await Promise.all(cookies.map(pretest));

const timings = { start: [], page: [], submit: [] };
const began = performance.now();
await Promise.all(cookies.map((c) => final(c, timings)));
const seconds = (performance.now() - began) / 1000;

// Count: every trainee has one pre-test and one final, both graded.
let problems = 0;
for (const cookie of cookies) {
  const { text } = await request(COURSE, { cookie });
  const rows = (text.match(/<tr><td>/g) ?? []).length;
  const open = (text.match(/In progress/g) ?? []).length;
  if (rows !== 2 || open !== 0) problems += 1;
}

const fmt = (v) => v.toFixed(1);
console.log(`trainees: ${N}; final submissions sent: ${timings.submit.length} (each twice at once)`);
console.log(`wall time for start + page + double submit: ${seconds.toFixed(2)} s`);
console.log(`graded final attempts per second: ${(N / seconds).toFixed(1)}`);
for (const [name, values] of Object.entries(timings)) {
  console.log(`${name}: p50 ${fmt(percentile(values, 50))} ms, p99 ${fmt(percentile(values, 99))} ms, max ${fmt(Math.max(...values))} ms`);
}
console.log(`attempt count check: ${N - problems} of ${N} trainees have exactly one pre-test and one final`);
if (problems) process.exit(1);
