// The traffic of the fault tests (scripts/faults.sh): trainees taking the
// exam-day final while something fails underneath, and the checks after.
// One mode per run, chosen by the first argument; state between runs is a
// JSON file (STATE). Exits non-zero, saying why, when a promise is broken.
//
//   prepare   N trainees (PREFIX-1…) sign in, read the module, start the final
//   submit    all send their papers at once; KILL_PID gets SIGKILL after
//             KILL_AFTER acknowledgements; RETRY=1 sends a paper once more
//             after a network error or a 502 (a user pressing again); each
//             acknowledgement is appended to ACKS as it arrives
//   trickle   papers sent a few at a time until all are in, for the backup
//   outage    readers and submitters keep going while STOP runs, then START
//             after OUTAGE_SECONDS; checks what they were shown meanwhile
//   verify    every trainee: a paper not acknowledged is sent again (it must
//             be taken now); then each has exactly one submitted final, and
//             an acknowledged one is graded as it was acknowledged
import { readFileSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { Client, COURSE, email, expect, sleep } from './load/client.mjs';

const BASE = process.env.BASE;
const ORIGIN = process.env.ORIGIN ?? BASE;
const STATE = process.env.STATE;
const ACKS = process.env.ACKS;
const mode = process.argv[2];

const load = () => JSON.parse(readFileSync(STATE, 'utf8'));
const save = (state) => writeFileSync(STATE, JSON.stringify(state));
const client = (t) => Object.assign(new Client(BASE, ORIGIN), { cookie: t.cookie });

/** A submission; `{ acked, status, error }`. Network errors are caught. */
async function send(t, retry) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const r = await client(t).submit(t.at, t.form);
      if (r.status === 303 && r.location === `${t.at}#result`) return { acked: true, status: 303, tries: attempt + 1 };
      if (!(retry && attempt === 0 && r.status === 502)) return { acked: false, status: r.status, text: r.text.slice(0, 2000), tries: attempt + 1 };
    } catch (e) {
      if (!(retry && attempt === 0)) return { acked: false, error: String(e.cause?.code ?? e.message), tries: attempt + 1 };
    }
  }
}

function ack(t) {
  appendFileSync(ACKS, `${t.at}\n`);
}

async function prepare() {
  const n = Number(process.env.TRAINEES ?? 100);
  const prefix = process.env.PREFIX;
  const trainees = [];
  const next = { i: 1 };
  // Ten at a time, as a room of trainees would.
  await Promise.all(Array.from({ length: 10 }, async () => {
    for (let i = next.i++; i <= n; i = next.i++) {
      const c = new Client(BASE, ORIGIN);
      await c.signIn(email(prefix, i));
      await c.readModule();
      const { at } = await c.startFinal();
      const { form } = await c.answers(at);
      trainees.push({ i, cookie: c.cookie, at, form });
    }
  }));
  trainees.sort((a, b) => a.i - b.i);
  save({ trainees });
  console.log(`prepared ${n} trainees with a final open`);
}

async function submit() {
  const state = load();
  const killAfter = Number(process.env.KILL_AFTER ?? 0);
  const retry = process.env.RETRY === '1';
  let acked = 0;
  let killed = false;
  const outcomes = await Promise.all(state.trainees.map(async (t) => {
    const r = await send(t, retry);
    if (r.acked) {
      ack(t);
      acked += 1;
      if (killAfter && !killed && acked >= killAfter) {
        killed = true;
        process.kill(Number(process.env.KILL_PID), 'SIGKILL');
      }
    }
    return r;
  }));
  const retried = outcomes.filter((r) => r.tries > 1).length;
  const kinds = {};
  for (const r of outcomes) {
    const k = r.acked ? 'acknowledged' : (r.error ?? `status ${r.status}`);
    kinds[k] = (kinds[k] ?? 0) + 1;
  }
  console.log(`submitted: ${JSON.stringify(kinds)}; sent again once after an error: ${retried}${killed ? '; the server was killed mid-way' : ''}`);
  if (process.env.EXPECT_ALL === '1') expect(acked === outcomes.length, `only ${acked} of ${outcomes.length} acknowledged`);
  // Anything but an acknowledgement, a network error or a clear 503 page
  // is a failure to say what happened.
  for (const r of outcomes) {
    if (!r.acked && r.status !== undefined && r.status !== 502) {
      expect(r.status === 503 && /try again/i.test(r.text), `a submission got ${r.status}: ${r.text}`);
    }
  }
}

async function trickle() {
  const state = load();
  const queue = [...state.trainees];
  const width = Number(process.env.WIDTH ?? 4);
  await Promise.all(Array.from({ length: width }, async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      const r = await send(t, false);
      expect(r.acked, `trickle: ${JSON.stringify(r)}`);
      ack(t);
      await sleep(20);
    }
  }));
  console.log(`trickled ${state.trainees.length} submissions`);
}

async function outage() {
  const state = load();
  const seconds = Number(process.env.OUTAGE_SECONDS ?? 10);
  const phase = { name: 'before' };
  const seen = {};
  const note = (what) => {
    const key = `${phase.name}: ${what}`;
    seen[key] = (seen[key] ?? 0) + 1;
  };
  const bad = [];
  let stop = false;
  // Readers: the module page, over and over; submitters: the papers, one
  // by one, a paper not taken is sent again later.
  const pending = [...state.trainees];
  const workers = state.trainees.slice(0, 20).map(async (t, k) => {
    const c = client(t);
    while (!stop) {
      try {
        if (k % 4 === 0 && pending.length) {
          const next = pending.shift();
          const r = await send(next, false);
          if (r.acked) { ack(next); note('paper taken'); } else { pending.push(next); note(`paper ${r.status ?? r.error}`); if (r.status !== 503 && r.status !== undefined) bad.push(`${phase.name} paper: ${r.status} ${r.text}`); }
        } else {
          const r = await c.request(`/courses/${COURSE}/before-the-exam`);
          note(`page ${r.status}`);
          if (r.status === 503) {
            if (!/try again/i.test(r.text) || !/<html/i.test(r.text)) bad.push(`${phase.name}: a 503 without the page saying to try again: ${r.text.slice(0, 300)}`);
          } else if (r.status !== 200) {
            bad.push(`${phase.name}: module page ${r.status}: ${r.text.slice(0, 300)}`);
          }
        }
      } catch (e) {
        note(`network error ${e.cause?.code ?? e.message}`);
        bad.push(`${phase.name}: network error ${e.cause?.code ?? e.message}`);
      }
      await sleep(50);
    }
  });
  const health = async () => (await fetch(`${BASE}/healthz`)).status;
  await sleep(2000);
  expect(await health() === 200, 'healthy before the outage');
  execSync(process.env.STOP, { stdio: 'inherit' });
  phase.name = 'during';
  const down = performance.now();
  let unhealthy = false;
  while (performance.now() - down < seconds * 1000) {
    if (await health() === 503) unhealthy = true;
    await sleep(250);
  }
  expect(unhealthy, '/healthz never answered 503 while the database was down');
  execSync(process.env.START, { stdio: 'inherit' });
  phase.name = 'after';
  const up = performance.now();
  while (await health() !== 200) {
    expect(performance.now() - up < 30_000, 'not healthy again within 30 s of the database coming back');
    await sleep(100);
  }
  const recovered = (performance.now() - up) / 1000;
  // Some traffic after recovery, then everything must be answered again.
  await sleep(3000);
  phase.name = 'settled';
  await sleep(2000);
  stop = true;
  await Promise.all(workers);
  console.log(JSON.stringify(seen, null, 1));
  console.log(`database down ${seconds} s; healthy again ${recovered.toFixed(1)} s after it came back, without a restart`);
  const settled = Object.entries(seen).filter(([k]) => k.startsWith('settled:'));
  expect(settled.length > 0 && settled.every(([k]) => /page 200|paper taken/.test(k)), `not recovered: ${JSON.stringify(settled)}`);
  expect(seen['during: page 503'] > 0, 'no reader was told to try again during the outage');
  const ignored = bad.filter((b) => !b.startsWith('during') && !b.startsWith('after'));
  expect(ignored.length === 0 && bad.filter((b) => !/503|network error/.test(b)).length === 0, `unclear answers:\n${bad.join('\n')}`);
}

async function verify() {
  const state = load();
  const acked = new Set(existsSync(ACKS) ? readFileSync(ACKS, 'utf8').split('\n').filter(Boolean) : []);
  let resent = 0;
  for (const t of state.trainees) {
    if (!acked.has(t.at)) {
      const r = await send(t, false);
      expect(r.acked, `trainee ${t.i}: the paper is not taken after recovery: ${JSON.stringify(r)}`);
      resent += 1;
    }
    const c = client(t);
    const overview = await c.request(`/courses/${COURSE}/assessment`);
    expect(overview.status === 200, `overview ${overview.status}`);
    const rows = (overview.text.match(/<tr><td>/g) ?? []).length;
    const open = (overview.text.match(/In progress/g) ?? []).length;
    expect(rows === 1 && open === 0, `trainee ${t.i}: ${rows} attempts listed, ${open} in progress (want exactly one, submitted)`);
    const result = await c.request(t.at);
    expect(result.status === 200 && /passed/i.test(result.text), `trainee ${t.i}: the result does not say passed`);
  }
  console.log(`verified ${state.trainees.length} trainees: ${acked.size} acknowledged before, ${resent} sent again after; each has exactly one submitted, passed final`);
}

await { prepare, submit, trickle, outage, verify }[mode]();
