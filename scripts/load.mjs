// The load suite's generator (scripts/load.sh; Node 18+, no dependencies):
// TRAINEES simulated trainees, each a session of its own, and as many
// request loops, each sending its next request when the last is answered
// (no think time: what is measured is how much the server can take). Every
// request is drawn from the mix of an exam morning:
//
//   70 % a module page            15 % the catalog or a course page
//   10 % the final: autosaves (7 %); sending a paper, starting the next
//        and opening it (3 %, three requests)
//    4 % signing in again         1 % a certificate PDF
//
// Before the timed run each trainee signs in, reads the module and opens
// the final; one in five passes it first and holds a certificate to
// download. Prints requests per second, p50/p99 per kind and overall, and
// the errors (anything but the expected answer), which must be zero.
import { Client, COURSE, MODULE, PASSWORD, email, expect, percentile, rightAnswers } from './load/client.mjs';

const BASES = process.env.BASES.split(',');
const ORIGIN = process.env.ORIGIN ?? BASES[0];
const N = Number(process.env.TRAINEES ?? 500);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const PREFIX = process.env.PREFIX ?? 'load';

const MIX = [
  ['module', 70], ['catalog', 8], ['course', 7], ['save', 7], ['submit', 1], ['sign-in', 4], ['certificate', 1],
];
const TOTAL = MIX.reduce((s, [, w]) => s + w, 0);
function draw() {
  let r = Math.random() * TOTAL;
  for (const [kind, w] of MIX) { r -= w; if (r < 0) return kind; }
  return 'module';
}

// Wrong answers: a paper sent in the timed run fails, so the trainee may
// start another (a passed final cannot be taken again). `form` holds the
// right option of this paper; the next one along is wrong.
const wrong = (form) => new URLSearchParams([...new URLSearchParams(form)].map(([k, v]) => [k, String((Number(v) + 1) % 3)])).toString();

async function setUp(i) {
  const c = new Client(BASES[i % BASES.length], ORIGIN);
  await c.signIn(email(PREFIX, i));
  await c.readModule();
  let { at } = await c.startFinal();
  let { form } = await c.answers(at);
  const t = { i, c, at, form, certificate: null };
  if (i % 5 === 0) {
    const r = await c.submit(at, form);
    expect(r.status === 303, `pass: ${r.status}`);
    const list = await c.request('/certificates');
    t.certificate = list.text.match(/LNT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/)?.[0];
    expect(t.certificate, `trainee ${i} holds no certificate`);
  }
  return t;
}

const trainees = [];
const queue = Array.from({ length: N }, (_, k) => k + 1);
const setupStarted = performance.now();
await Promise.all(Array.from({ length: 20 }, async () => {
  for (let i = queue.shift(); i; i = queue.shift()) trainees.push(await setUp(i));
}));
const holders = trainees.filter((t) => t.certificate);
const takers = trainees.filter((t) => !t.certificate);
console.log(`set up ${N} trainees in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (${holders.length} with a certificate)`);

const times = {};
const errors = {};
// A trainee's open attempt is saved or sent by one loop at a time.
const busy = new Set();
const any = (list) => list[Math.floor(Math.random() * list.length)];
const pickFree = (list) => {
  for (let k = 0; k < 5; k += 1) {
    const t = any(list);
    if (!busy.has(t)) return t;
  }
  return null;
};

async function one(drawn) {
  let kind = drawn;
  const exclusive = kind === 'save' || kind === 'submit';
  let who = exclusive ? pickFree(takers) : any(kind === 'certificate' ? holders : trainees);
  if (!who) {
    kind = 'module';
    who = any(trainees);
  }
  const held = exclusive && kind !== 'module';
  if (held) busy.add(who);
  const c = who.c;
  let r;
  let ok;
  try {
    switch (kind) {
      case 'module': r = await c.request(`/courses/${COURSE}/${MODULE}`); ok = r.status === 200; break;
      case 'catalog': r = await c.request('/courses'); ok = r.status === 200; break;
      case 'course': r = await c.request(`/courses/${COURSE}`); ok = r.status === 200; break;
      case 'save': r = await c.request(`${who.at}/save`, { form: who.form }); ok = r.status === 204; break;
      case 'submit': {
        // Send the paper wrong (so another may be started), start the next
        // attempt and open it: three requests, each timed as a 'submit'.
        r = await c.submit(who.at, wrong(who.form));
        ok = r.status === 303 && r.location === `${who.at}#result`;
        if (ok) {
          (times.submit ??= []).push(r.ms);
          r = await c.request(`/courses/${COURSE}/assessment/start`, { form: { purpose: 'final' } });
          ok = r.status === 303 && /\/assessment\/\d+$/.test(r.location);
        }
        if (ok) {
          (times.submit ??= []).push(r.ms);
          who.at = r.location;
          const paper = await c.answers(who.at);
          who.form = paper.form;
          r = paper.page;
        }
        break;
      }
      case 'sign-in': r = await c.request('/login', { form: { email: email(PREFIX, who.i), password: PASSWORD } }); ok = r.status === 303 && !r.location.startsWith('/login'); break;
      case 'certificate': r = await c.request(`/certificates/${who.certificate}.pdf`, { binary: true }); ok = r.status === 200 && r.text.length > 1000; break;
    }
  } catch (e) {
    r = { ms: 0, status: e.cause?.code ?? e.message };
    ok = false;
  } finally {
    if (held) busy.delete(who);
  }
  (times[kind] ??= []).push(r.ms);
  if (!ok) {
    const key = `${kind} ${r.status}`;
    errors[key] = (errors[key] ?? 0) + 1;
  }
}

const started = performance.now();
const until = started + SECONDS * 1000;
await Promise.all(Array.from({ length: N }, async () => {
  while (performance.now() < until) await one(draw());
}));
const seconds = (performance.now() - started) / 1000;

const all = Object.values(times).flat();
const fmt = (v) => (Number.isNaN(v) ? '—' : v.toFixed(1));
console.log(`${all.length} requests in ${seconds.toFixed(1)} s from ${N} trainees: ${(all.length / seconds).toFixed(0)} requests/s`);
console.log(`${'kind'.padEnd(12)} ${'share'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
for (const [kind] of MIX) {
  const t = times[kind] ?? [];
  console.log(`${kind.padEnd(12)} ${`${((100 * t.length) / all.length).toFixed(1)}%`.padStart(6)} ${fmt(percentile(t, 50)).padStart(8)} ${fmt(percentile(t, 99)).padStart(8)}`);
}
console.log(`${'all'.padEnd(12)} ${'100%'.padStart(6)} ${fmt(percentile(all, 50)).padStart(8)} ${fmt(percentile(all, 99)).padStart(8)}`);
const errorCount = Object.values(errors).reduce((s, n) => s + n, 0);
console.log(`errors: ${errorCount}${errorCount ? ` ${JSON.stringify(errors)}` : ''}`);
if (errorCount) process.exit(1);
