// The console page: plain DOM, no framework, no build step. It opens one EventSource on
// `events?account=&region=` and renders each `state` event (the whole scope, state.ts) in one
// pass; `requests` events append to the listeners' request tables. Nothing is polled. Text from
// the server is only ever set as textContent, never parsed as HTML.

/** @typedef {{ seq: number, at: string, method: string, path: string, rule: string, target: string, status: number, ms: number }} RecentRequest */
/** @typedef {RecentRequest & { listener: string }} LiveRequest */

const MAX_REQUESTS = 50;

const scopeSelect = /** @type {HTMLSelectElement} */ (document.getElementById('scope'));
const filterInput = /** @type {HTMLInputElement} */ (document.getElementById('filter'));
const statusBadge = /** @type {HTMLElement} */ (document.getElementById('status'));
const summary = /** @type {HTMLElement} */ (document.getElementById('summary'));
const loadBalancersBox = /** @type {HTMLElement} */ (document.getElementById('load-balancers'));
const targetGroupsBox = /** @type {HTMLElement} */ (document.getElementById('target-groups'));

const params = new URLSearchParams(location.search);
let scope = { account: params.get('account') ?? '', region: params.get('region') ?? '' };
/** @type {any} The last state received. */
let state;
/** @type {Map<string, RecentRequest[]>} Requests by listener ARN, oldest first. */
const requests = new Map();
/** @type {Map<string, HTMLTableSectionElement>} Each listener's request rows, from the last render. */
const requestBodies = new Map();
/** ARNs of the cards the user closed, kept closed across renders. */
const closed = new Set();
/** @type {EventSource | undefined} */
let source;

/**
 * A DOM element: `attrs` are properties (className, hidden, …) or `data-*` attributes; string
 * children become text nodes.
 * @param {string} tag @param {Record<string, any>} attrs @param {...(Node | string | null | undefined)} children
 */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('data-')) node.setAttribute(key, String(value));
    else /** @type {any} */ (node)[key] = value;
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** @param {string | null} iso */
function clock(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  const two = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** @param {string} text @param {string} kind */
function badge(text, kind) {
  return el('span', { className: `state ${kind}` }, text);
}

/** A card that remembers whether the user closed it. @param {string} arn @param {Node[]} head @param {Node[]} body */
function card(arn, head, body) {
  const details = el('details', { open: !closed.has(arn), 'data-arn': arn }, el('summary', {}, ...head), el('div', { className: 'body' }, ...body));
  details.addEventListener('toggle', () => {
    if (details.open) closed.delete(arn);
    else closed.add(arn);
  });
  return details;
}

/** @param {string[]} headings @param {HTMLElement} rows @param {string} className */
function table(headings, rows, className) {
  return el('table', { className }, el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', {}, h)))), rows);
}

/** @param {RecentRequest[]} list */
function requestRows(list) {
  const body = el('tbody');
  // Newest first.
  for (let i = list.length - 1; i >= 0; i--) {
    const r = list[i];
    body.append(el('tr', {},
      el('td', { className: 'num' }, clock(r.at)),
      el('td', {}, r.method),
      el('td', {}, el('code', {}, r.path)),
      el('td', {}, r.rule),
      el('td', {}, el('code', {}, r.target)),
      el('td', { className: 'num' }, badge(String(r.status), `s${String(r.status)[0]}`)),
      el('td', { className: 'num' }, `${r.ms} ms`)));
  }
  if (list.length === 0) body.append(el('tr', {}, el('td', { className: 'empty', colSpan: 7 }, 'No requests yet')));
  return /** @type {HTMLTableSectionElement} */ (body);
}

/** @param {any} listener */
function renderListener(listener) {
  const rules = el('tbody');
  for (const rule of listener.rules) {
    rules.append(el('tr', {},
      el('td', {}, String(rule.priority)),
      el('td', {}, ...(rule.conditions.length ? rule.conditions.map((c) => el('div', {}, c)) : ['(any request)'])),
      el('td', {}, ...rule.actions.map((a) => el('div', {}, a)))));
  }
  const body = requestRows(requests.get(listener.arn) ?? []);
  requestBodies.set(listener.arn, body);
  const name = listener.protocol ? `${listener.protocol}:${listener.port}` : 'listener';
  return el('div', { className: 'listener', 'data-listener': listener.arn },
    el('h3', {}, name),
    listener.rules.length ? table(['Priority', 'Conditions', 'Actions'], rules, 'rules') : null,
    el('div', { className: 'scroll' }, table(['Time', 'Method', 'Path', 'Rule', 'Target', 'Status', 'Took'], body, 'requests')));
}

/** @param {any} lb */
function renderLoadBalancer(lb) {
  return card(lb.arn, [
    el('b', {}, lb.name),
    el('span', { className: 'tag' }, lb.type),
    el('span', { className: 'tag' }, lb.scheme),
    badge(lb.state, lb.state),
    el('code', {}, lb.dnsName),
  ], lb.listeners.length ? lb.listeners.map(renderListener) : [el('div', { className: 'empty' }, 'No listeners')]);
}

/** @param {any} group */
function renderTargetGroup(group) {
  const rows = el('tbody');
  const counts = new Map();
  for (const t of group.targets) {
    counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
    rows.append(el('tr', { 'data-target': `${t.id}:${t.port}` },
      el('td', {}, el('code', {}, t.id)),
      el('td', { className: 'num' }, String(t.port)),
      el('td', { className: 'health' }, badge(t.state, t.state)),
      el('td', {}, t.reason ?? '', t.description ? el('div', { className: 'counts' }, t.description) : null),
      el('td', { className: 'num' }, clock(t.lastCheckedAt)),
      el('td', { className: 'num' }, t.latencyMs === null ? '–' : `${t.latencyMs} ms`)));
  }
  if (group.targets.length === 0) rows.append(el('tr', {}, el('td', { className: 'empty', colSpan: 6 }, 'No targets registered')));
  const protocol = group.protocol ? `${group.protocol}:${group.port}` : group.targetType;
  return card(group.arn, [
    el('b', {}, group.name),
    el('span', { className: 'tag' }, protocol),
    el('span', { className: 'tag' }, group.targetType),
    el('span', { className: 'counts' }, `health check ${group.healthCheck}`),
    el('span', { className: 'counts' }, [...counts].map(([s, n]) => `${n} ${s}`).join(', ')),
  ], [table(['Target', 'Port', 'State', 'Reason', 'Last check', 'Latency'], rows, 'targets')]);
}

/** Hides the cards whose name does not contain the filter text. */
function applyFilter() {
  const text = filterInput.value.trim().toLowerCase();
  for (const details of document.querySelectorAll('details[data-arn]')) {
    const name = details.querySelector('summary b')?.textContent?.toLowerCase() ?? '';
    /** @type {HTMLElement} */ (details).hidden = text !== '' && !name.includes(text);
  }
}

function renderScopes() {
  const scopes = [...state.scopes];
  if (!scopes.some((s) => s.account === state.account && s.region === state.region)) scopes.push({ account: state.account, region: state.region });
  scopeSelect.replaceChildren(...scopes.map((s) => el('option', { value: `${s.account}/${s.region}`, selected: s.account === state.account && s.region === state.region }, `${s.account} / ${s.region}`)));
}

/** The whole page from `state`, in one pass. */
function render() {
  const started = performance.now();
  requestBodies.clear();
  renderScopes();
  const targets = state.targetGroups.flatMap((g) => g.targets);
  const healthy = targets.filter((t) => t.state === 'healthy').length;
  summary.textContent = `${state.loadBalancers.length} load balancers · ${state.targetGroups.length} target groups · ${targets.length} targets (${healthy} healthy) · routing version ${state.version}`;
  loadBalancersBox.replaceChildren(...(state.loadBalancers.length ? state.loadBalancers.map(renderLoadBalancer) : [el('p', { className: 'empty' }, 'No load balancers in this account and region')]));
  targetGroupsBox.replaceChildren(...(state.targetGroups.length ? state.targetGroups.map(renderTargetGroup) : [el('p', { className: 'empty' }, 'No target groups in this account and region')]));
  applyFilter();
  document.body.dataset.version = state.version;
  // How long this render took, for bench/console.ts.
  document.body.dataset.renderMs = (performance.now() - started).toFixed(1);
}

/** @param {string} text @param {string} kind */
function setStatus(text, kind) {
  statusBadge.textContent = text;
  statusBadge.className = `status ${kind}`;
}

function connect() {
  source?.close();
  const query = new URLSearchParams();
  if (scope.account) query.set('account', scope.account);
  if (scope.region) query.set('region', scope.region);
  source = new EventSource(`events?${query}`);
  source.addEventListener('open', () => setStatus('live', 'live'));
  source.addEventListener('error', () => setStatus('reconnecting…', 'down'));
  source.addEventListener('state', (event) => {
    state = JSON.parse(/** @type {MessageEvent} */ (event).data);
    // The state carries each listener's last requests: it replaces what the page had.
    requests.clear();
    for (const lb of state.loadBalancers) for (const l of lb.listeners) requests.set(l.arn, l.requests);
    render();
    setStatus(`live · ${clock(new Date().toISOString())}`, 'live');
  });
  source.addEventListener('requests', (event) => {
    /** @type {LiveRequest[]} */
    const batch = JSON.parse(/** @type {MessageEvent} */ (event).data);
    const touched = new Set();
    for (const { listener, ...request } of batch) {
      const list = requests.get(listener) ?? [];
      // Already in the last state's copy of the listener's requests.
      if (list.length && list[list.length - 1].seq >= request.seq) continue;
      list.push(request);
      if (list.length > MAX_REQUESTS) list.splice(0, list.length - MAX_REQUESTS);
      requests.set(listener, list);
      touched.add(listener);
    }
    for (const listener of touched) {
      const shown = requestBodies.get(listener);
      if (!shown) continue;
      const fresh = requestRows(requests.get(listener) ?? []);
      shown.replaceWith(fresh);
      requestBodies.set(listener, fresh);
    }
  });
}

scopeSelect.addEventListener('change', () => {
  const [account, region] = scopeSelect.value.split('/');
  scope = { account, region };
  history.replaceState(null, '', `?${new URLSearchParams(scope)}`);
  requests.clear();
  connect();
});
filterInput.addEventListener('input', applyFilter);
connect();
