// A trainee as the load suite, the cluster test and the fault tests drive
// one (Node 18+, no dependencies): a cookie, plain form posts with the
// site's Origin (as a browser sends them), and the exam-day course's final
// assessment answered from the options' texts (options are shuffled per
// paper). Every request is timed.

/** The course of scripts/load/content, and the texts of its right options. */
export const COURSE = 'exam-day';
export const MODULE = 'before-the-exam';
const RIGHT = new Set([
  'Safety and immediate needs',
  'An independent interpreter',
  'Explain the options and respect the choice',
  'The worker',
]);
export const PASSWORD = 'load-test-password-long';
export const email = (prefix, i) => `${prefix}-${i}@load.test`;

export class Client {
  /**
   * @param {string[]} bases where requests go, in turn (one address, or
   *   the nodes of a cluster to alternate between)
   * @param {string} origin the site's public address (the Origin header)
   */
  constructor(bases, origin) {
    this.bases = Array.isArray(bases) ? bases : [bases];
    this.origin = origin ?? this.bases[0];
    this.turn = 0;
    this.cookie = '';
  }

  /** The next address in turn. */
  base() {
    const base = this.bases[this.turn % this.bases.length];
    this.turn += 1;
    return base;
  }

  /**
   * One request: GET, or a form POST when `form` is given. Returns
   * { status, location, text, ms, headers, base }; network errors throw.
   */
  async request(path, { form, accept, binary } = {}) {
    const base = this.base();
    const headers = { origin: this.origin, 'accept-language': 'en' };
    if (this.cookie) headers.cookie = this.cookie;
    if (accept) headers.accept = accept;
    let body;
    if (form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
    }
    const started = performance.now();
    const reply = await fetch(base + path, {
      method: form === undefined ? 'GET' : 'POST', headers, body, redirect: 'manual',
    });
    const text = binary ? Buffer.from(await reply.arrayBuffer()) : await reply.text();
    const ms = performance.now() - started;
    for (const c of reply.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name] = pair.split('=');
      const kept = this.cookie.split('; ').filter((p) => p && !p.startsWith(`${name}=`));
      if (!/=;|=$|Max-Age=0/i.test(c)) kept.push(pair);
      this.cookie = kept.join('; ');
    }
    return { status: reply.status, location: reply.headers.get('location') ?? '', text, ms, headers: reply.headers, base };
  }

  async signIn(login, password = PASSWORD) {
    const r = await this.request('/login', { form: { email: login, password } });
    expect(r.status === 303 && !r.location.startsWith('/login'), `sign-in ${login}: ${r.status} ${r.location}`);
    return r;
  }

  /** Opens the module and marks it done (the final needs it). */
  async readModule() {
    const page = await this.request(`/courses/${COURSE}/${MODULE}`);
    expect(page.status === 200, `module page: ${page.status} ${page.location}`);
    const version = page.text.match(/name="version" value="(\d+)"/)?.[1];
    expect(version, 'the module page has a "done" form');
    const done = await this.request(`/courses/${COURSE}/${MODULE}/done`, { form: { version } });
    expect(done.status === 303, `module done: ${done.status}`);
    return [page, done];
  }

  /** Starts (or resumes) the final; returns the attempt's path. */
  async startFinal() {
    const r = await this.request(`/courses/${COURSE}/assessment/start`, { form: { purpose: 'final' } });
    expect(r.status === 303 && /\/assessment\/\d+$/.test(r.location), `start: ${r.status} ${r.location}`);
    return { at: r.location, reply: r };
  }

  /** The paper's answers, right ones, as a form body. */
  async answers(at) {
    const page = await this.request(at);
    expect(page.status === 200 && page.text.includes('name="q0"'), `attempt page ${at}: ${page.status}`);
    return { form: rightAnswers(page.text), page };
  }

  /** Sends the paper; resolves to the reply (303 to `${at}#result` when taken). */
  submit(at, form) {
    return this.request(at, { form });
  }
}

/** The right option of every question on an attempt page, as a form body. */
export function rightAnswers(html) {
  const picks = new URLSearchParams();
  const option = /<input type="radio" id="q\d+-\d+" name="(q\d+)" value="(\d+)"[^>]*>(?:<!>)?\s*([^<]+?)\s*<\/label>/g;
  for (const [, name, value, text] of html.matchAll(option)) {
    if (RIGHT.has(text.trim())) picks.set(name, value);
  }
  expect([...picks.keys()].length > 0, 'no question on the attempt page could be answered');
  return picks.toString();
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
