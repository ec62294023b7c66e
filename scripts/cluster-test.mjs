// The two-node test (scripts/cluster.sh test): one trainee's whole journey
// with every request alternating between the two `lantern` processes, and
// what must be shared between them — the session, the sign-in limits, the
// certificate signing keys, a background export, the audit chain, and two
// imports at once. Exits non-zero at the first thing that does not hold.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, cpSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, COURSE, PASSWORD, email, expect, rightAnswers, sleep } from './load/client.mjs';

const BASE = process.env.BASE;
const NODES = process.env.NODES.split(',');
const BIN = process.env.LANTERN_BIN;
const tag = Date.now().toString(36);
const step = (what) => console.log(`ok - ${what}`);

function lantern(args, input) {
  return execFileSync(BIN, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

lantern(['org', 'create', '--slug', `cluster-${tag}`, '--name', `Cluster ministry ${tag}`]);
lantern(['dev', 'accounts', '--count', '43', '--prefix', `c${tag}`, '--org', `cluster-${tag}`], `${PASSWORD}\n`);
lantern(['user', 'create', '--email', `ministry-${tag}@load.test`, '--name', 'Ministry reader',
  '--role', 'ministry', '--org', `cluster-${tag}`], `${PASSWORD}\n`);
lantern(['user', 'create', '--email', `trainer-${tag}@load.test`, '--name', 'Cluster trainer',
  '--role', 'trainer', '--org', `cluster-${tag}`], `${PASSWORD}\n`);

// 1. The journey, alternating A, B, A, B … for every request.
const trainee = new Client(NODES, BASE);
const signedIn = await trainee.signIn(email(`c${tag}`, 1));
const home = await trainee.request('/');
expect(signedIn.base !== home.base, 'the two requests went to different nodes');
expect(home.status === 200 && home.text.includes(`c${tag} 1`), `home on the other node: ${home.status}`);
step('signed in on one node, known on the other');
const course = await trainee.request(`/courses/${COURSE}`);
expect(course.status === 200, `course page: ${course.status}`);
await trainee.readModule();
const { at } = await trainee.startFinal();
const paper = await trainee.request(at);
expect(paper.status === 200, `paper: ${paper.status}`);
const sent = await trainee.submit(at, rightAnswers(paper.text));
expect(sent.status === 303 && sent.location === `${at}#result`, `submit: ${sent.status} ${sent.location}`);
const result = await trainee.request(at);
expect(result.status === 200 && /passed/i.test(result.text), 'the result, on the other node, says passed');
step('read, started, answered and passed the final across both nodes');

const certificates = await trainee.request('/certificates');
const code = certificates.text.match(/LNT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/)?.[0];
expect(code, 'a certificate is listed');
const pdf = await trainee.request(`/certificates/${code}.pdf`, { binary: true });
expect(pdf.status === 200 && pdf.text.subarray(0, 5).toString() === '%PDF-', `certificate PDF: ${pdf.status}`);
const anyone = new Client(NODES, BASE);
const credential = await anyone.request(`/verify/${code}.json`);
const issuer = await anyone.request('/issuer.json');
expect(credential.base !== issuer.base && credential.status === 200 && issuer.status === 200, 'credential and issuer from different nodes');
const dir = mkdtempSync(join(tmpdir(), 'lantern-cluster-'));
writeFileSync(join(dir, 'credential.json'), credential.text);
writeFileSync(join(dir, 'issuer.json'), issuer.text);
lantern(['verify-credential', join(dir, 'credential.json'), '--issuer', join(dir, 'issuer.json')]);
step(`certificate ${code}: PDF from one node, its credential signed by a key the other node publishes`);

// 2. Signing out on one node ends the session on the other within the
// session cache's bound (docs/deployment.md).
const stale = trainee.cookie;
const out = await trainee.request('/logout', { form: {} });
expect(out.status === 303, `sign out: ${out.status}`);
const began = performance.now();
let refused = false;
while (performance.now() - began < 10_000) {
  const probe = new Client(NODES[out.base === NODES[0] ? 1 : 0], BASE);
  probe.cookie = stale;
  const r = await probe.request('/certificates');
  if (r.status === 303 && r.location.startsWith('/login')) { refused = true; break; }
  await sleep(100);
}
expect(refused, 'the signed-out session still works on the other node after 10 s');
step(`signed out on one node: the other refused the session after ${((performance.now() - began) / 1000).toFixed(1)} s`);

// 3. Sign-in limits count failures from both nodes together: five wrong
// passwords for one account, alternating, then the sixth attempt is paused
// even with the right password.
const guesser = new Client(NODES, BASE);
for (let i = 0; i < 5; i += 1) {
  const r = await guesser.request('/login', { form: { email: email(`c${tag}`, 2), password: `wrong-${i}` } });
  expect(r.status === 303 && r.location.includes('error=invalid'), `failure ${i + 1}: ${r.location}`);
}
const paused = await guesser.request('/login', { form: { email: email(`c${tag}`, 2), password: PASSWORD } });
expect(paused.location.includes('error=limited'), `the pause holds across nodes: ${paused.location}`);
step('five failures spread over two nodes pause that account from that address');

// 4. A background export started on one node is built there, listed and
// downloaded from the other.
const ministry = new Client(NODES, BASE);
await ministry.signIn(`ministry-${tag}@load.test`);
const started = await ministry.request('/reports/exports', { form: { format: 'csv' } });
expect(started.status === 303, `export: ${started.status}`);
let link;
for (let i = 0; i < 100 && !link; i += 1) {
  const page = await ministry.request('/reports/exports');
  link = page.text.match(/\/reports\/exports\/\d+\.csv/)?.[0];
  if (!link) await sleep(100);
}
expect(link, 'the export finished');
const csv = await ministry.request(link);
expect(csv.status === 200 && csv.text.includes(`c${tag} 1`), `the export holds the completion: ${csv.status}`);
step('an export built by one node downloads from either');

// The trainer's ZIP of the course's certificates: the same, for the other
// kind of background job.
const trainer = new Client(NODES, BASE);
await trainer.signIn(`trainer-${tag}@load.test`);
const batch = await trainer.request('/certificates/batches', { form: { course: COURSE } });
expect(batch.status === 303 && batch.location.includes('started'), `certificate ZIP: ${batch.status} ${batch.location}`);
let zipLink;
for (let i = 0; i < 100 && !zipLink; i += 1) {
  const page = await trainer.request('/certificates/batches');
  zipLink = page.text.match(/\/certificates\/batches\/\d+\.zip/)?.[0];
  if (!zipLink) await sleep(100);
}
expect(zipLink, 'the certificate ZIP finished');
const zip = await trainer.request(zipLink, { binary: true });
expect(zip.status === 200 && zip.text.subarray(0, 2).toString() === 'PK' && zip.text.includes(Buffer.from(code)), `the ZIP holds ${code}: ${zip.status}`);
step('a certificate ZIP built by one node downloads from either');

// 5. Forty people signing in at once on both nodes, each sign-in appending
// to the audit chain: it stays one unbroken chain.
await Promise.all(Array.from({ length: 40 }, (_, i) => new Client(NODES[i % 2], BASE).signIn(email(`c${tag}`, i + 3))));
const verified = lantern(['audit', 'verify']);
expect(/intact/.test(verified), verified);
step(`40 sign-ins at once on two nodes: ${verified.trim()}`);

// 6. Two imports of a changed course at once: both finish, or one is
// refused whole; the content is then one consistent version.
const content = join(dir, 'content');
cpSync('scripts/load/content', content, { recursive: true });
appendFileSync(join(content, 'exam-day/01-before-the-exam.md'), `\nRevised ${tag}.\n`);
const both = await Promise.all([0, 1].map(() => new Promise((resolve) => {
  const child = spawn(BIN, ['import', content], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  child.on('close', (status) => resolve({ status, output }));
})));
expect(both.some((r) => r.status === 0), `neither import succeeded: ${both.map((r) => r.output).join(' | ')}`);
const again = lantern(['import', content]);
expect(/0 new versions/.test(again), `a third import finds nothing to change: ${again}`);
const reader = new Client(NODES, BASE);
await reader.signIn(email(`c${tag}`, 3));
const revised = await reader.request(`/courses/${COURSE}/before-the-exam`);
expect(revised.status === 200 && revised.text.includes(`Revised ${tag}.`), 'the module shows the imported revision');
lantern(['check']);
step(`two imports at once (exit ${both.map((r) => r.status).join(" and ")}${both.some((r) => r.status !== 0) ? `; the refused one said: ${both.find((r) => r.status !== 0).output.trim()}` : ""}): one new version, the database sound`);
console.log('cluster test passed');
