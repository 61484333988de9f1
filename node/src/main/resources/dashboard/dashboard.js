'use strict';
// The operator dashboard: a single page over the REST API v1. Everything shown comes from the API with the key
// the operator typed in; the page itself holds no data. Text from the API is only ever set as text (never as
// HTML), so alert details cannot inject markup.

const KEY_STORAGE = 'simwarden.apiKey';
const HISTORY_PAGE = 1000;
const HISTORY_PAGES = 10;
const FEED_SHOWN = 100;
const MAX_KEPT = 20000;
const SUMMARY_REFRESH_MS = 15000;
const RECONNECT_MS = 3000;
const STATUSES = ['ACTIVE', 'SUSPENDED', 'ISSUED', 'TERMINATED'];
const SEVERITY_RANK = {low: 0, medium: 1, high: 2, critical: 3};

const $ = id => document.getElementById(id);

const session = {key: null, me: null};
const alerts = {list: [], controller: null, lastEventId: null, redrawPending: false};
let summaryTimer = null;
let currentSim = null;

// ---- small helpers -------------------------------------------------------------------------------------------

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return node;
}

function show(id, visible) {
  $(id).hidden = !visible;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/** Local time as 2026-11-25 09:33:48: the same shape everywhere on the page. */
function formatTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function formatClock(iso) {
  const d = new Date(iso);
  return isNaN(d) ? iso : `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function formatBytes(n) {
  if (n === undefined || n === null) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n, u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** PORT_SCAN -> Port scan, FlowsBlocked -> Flows blocked. */
function humanize(name) {
  if (!name) return '';
  const words = name.includes('_') ? name.toLowerCase().split('_')
    : name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(' ');
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function list(values) {
  return values && values.length ? values.join(', ') : '—';
}

function yesNo(b) {
  return b ? 'yes' : 'no';
}

function may(permission) {
  return session.me && session.me.permissions.includes(permission);
}

// ---- API -----------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(path, options = {}) {
  const headers = {Authorization: `Bearer ${options.key || session.key}`, Accept: 'application/json'};
  const init = {method: options.method || 'GET', headers, cache: 'no-store'};
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  const response = await fetch(`/api/v1${path}`, init);
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    if (response.status === 401 && !options.key) {
      logout('Your key is no longer accepted (revoked or expired). Log in again.');
    }
    throw new ApiError(response.status, body);
  }
  return body;
}

// ---- session -------------------------------------------------------------------------------------------------

async function login(key) {
  const me = await api('/me', {key});
  session.key = key;
  session.me = me;
  sessionStorage.setItem(KEY_STORAGE, key);
  $('who-key').textContent = me.keyId;
  $('who-role').textContent = me.role;
  $('who-org').textContent = me.fleetWide ? 'all organisations' : me.organisation;
  show('who', true);
  show('nav', true);
  show('login-view', false);
  if (may('read_alerts')) startAlerts();
  route();
}

function logout(message) {
  sessionStorage.removeItem(KEY_STORAGE);
  session.key = null;
  session.me = null;
  stopAlerts();
  clearInterval(summaryTimer);
  summaryTimer = null;
  currentSim = null;
  for (const id of ['who', 'nav', 'fleet-view', 'sim-view']) show(id, false);
  $('login-key').value = '';
  $('login-error').textContent = message || '';
  show('login-error', Boolean(message));
  show('login-view', true);
  if (location.hash && location.hash !== '#/') history.replaceState(null, '', '#/');
  $('login-key').focus();
}

// ---- routing -------------------------------------------------------------------------------------------------

function route() {
  if (!session.me) return;
  const sim = /^#\/sims\/([^/]+)$/.exec(location.hash);
  if (sim) {
    showSim(decodeURIComponent(sim[1]));
  } else {
    showFleet();
  }
}

// ---- fleet page ----------------------------------------------------------------------------------------------

function showFleet() {
  currentSim = null;
  show('sim-view', false);
  show('fleet-view', true);
  const alertsAllowed = may('read_alerts');
  show('alerts-panels', alertsAllowed);
  show('alerts-denied', !alertsAllowed);
  $('alerts-denied-role').textContent = session.me.role;
  loadSummary();
  clearInterval(summaryTimer);
  summaryTimer = setInterval(loadSummary, SUMMARY_REFRESH_MS);
  redrawAlerts();
}

async function loadSummary() {
  let summary;
  try {
    summary = await api('/fleet/summary');
  } catch (e) {
    $('summary-asof').textContent = `summary unavailable: ${e.message}`;
    return;
  }
  const totals = {};
  for (const s of STATUSES) totals[s] = 0;
  const orgs = Object.entries(summary.organisations || {});
  for (const [, counts] of orgs) {
    for (const s of STATUSES) totals[s] += counts[s] || 0;
  }
  const all = STATUSES.reduce((n, s) => n + totals[s], 0);
  $('summary-cards').replaceChildren(
    el('div', {class: 'card stat total', 'data-status': 'TOTAL'},
      el('span', {class: 'stat-label', text: 'SIMs'}), el('span', {class: 'stat-value', text: all.toLocaleString()})),
    ...STATUSES.map(s => el('div', {class: `card stat ${s.toLowerCase()}`, 'data-status': s},
      el('span', {class: 'stat-label', text: humanize(s)}),
      el('span', {class: 'stat-value', text: totals[s].toLocaleString()}))));
  $('summary-asof').textContent = `read ${formatTime(summary.asOf)}`;
  $('summary-lag').textContent = summary.lagSeconds == null ? 'projection lag: no event counted yet'
    : `projection lag ${summary.lagSeconds.toFixed(1)} s`;
  if (orgs.length > 1) {
    $('summary-orgs').replaceChildren(el('section', {class: 'card'}, el('h2', {text: 'By organisation'}),
      el('table', {class: 'table'},
        el('thead', {}, el('tr', {}, el('th', {text: 'Organisation'}),
          ...STATUSES.map(s => el('th', {class: 'num', text: humanize(s)})))),
        el('tbody', {}, ...orgs.map(([org, counts]) => el('tr', {}, el('td', {text: org}),
          ...STATUSES.map(s => el('td', {class: 'num', text: (counts[s] || 0).toLocaleString()}))))))));
  } else {
    $('summary-orgs').replaceChildren();
  }
}

// ---- alerts: history, live stream, chart, top SIMs ------------------------------------------------------------

async function startAlerts() {
  stopAlerts();
  const controller = new AbortController();
  alerts.controller = controller;
  alerts.list = [];
  setFeedState('loading', 'loading');
  let cursor = null;
  try {
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const query = cursor ? `cursor=${encodeURIComponent(cursor)}` : 'since=PT24H';
      const result = await api(`/alerts?${query}&limit=${HISTORY_PAGE}`);
      if (controller.signal.aborted) return;
      alerts.list.push(...result.alerts);
      cursor = result.next;
      if (result.alerts.length < HISTORY_PAGE) break;
    }
  } catch (e) {
    if (!controller.signal.aborted) setFeedState('error', `history unavailable: ${e.message}`);
  }
  alerts.lastEventId = cursor;
  redrawAlerts();
  follow(controller);
}

/** Follows the live stream from the last alert seen, reconnecting (with Last-Event-ID) until stopped. */
async function follow(controller) {
  while (!controller.signal.aborted) {
    try {
      setFeedState('live', 'live');
      await readEventStream('/api/v1/alerts/stream', {Authorization: `Bearer ${session.key}`}, alerts.lastEventId,
        event => {
          alerts.lastEventId = event.id || alerts.lastEventId;
          receive(JSON.parse(event.data));
        }, controller.signal);
    } catch (e) {
      if (controller.signal.aborted) return;
      if (e.status === 401) {
        logout('Your key is no longer accepted (revoked or expired). Log in again.');
        return;
      }
      if (e.status === 403) {
        setFeedState('error', 'not allowed');
        return;
      }
    }
    if (controller.signal.aborted) return;
    setFeedState('reconnecting', 'reconnecting');
    await new Promise(resolve => setTimeout(resolve, RECONNECT_MS));
  }
}

function stopAlerts() {
  if (alerts.controller) alerts.controller.abort();
  alerts.controller = null;
  alerts.list = [];
  alerts.lastEventId = null;
  $('alert-feed').replaceChildren();
}

function setFeedState(state, text) {
  const node = $('feed-state');
  node.className = `live-state ${state}`;
  node.textContent = text;
}

function receive(alert) {
  alerts.list.push(alert);
  const feed = $('alert-feed');
  feed.insertBefore(feedItem(alert, true), feed.firstChild);
  while (feed.children.length > FEED_SHOWN) feed.removeChild(feed.lastChild);
  show('alert-feed-empty', false);
  scheduleRedraw();
}

function scheduleRedraw() {
  if (alerts.redrawPending) return;
  alerts.redrawPending = true;
  requestAnimationFrame(() => {
    alerts.redrawPending = false;
    redrawAlerts();
  });
}

function redrawAlerts() {
  if (!may('read_alerts') || $('fleet-view').hidden) return;
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  // The chart and the ranking cover one day of event time; older alerts are dropped to bound memory.
  alerts.list = alerts.list.filter(a => Date.parse(a.timestamp) >= dayAgo).slice(-MAX_KEPT);
  const total = drawAlertChart($('alert-chart'), alerts.list, Date.now());
  $('chart-total').textContent = `${total.toLocaleString()} alert${total === 1 ? '' : 's'}`;
  drawTopSims(alerts.list);
  const feed = $('alert-feed');
  if (feed.children.length === 0) {
    feed.replaceChildren(...alerts.list.slice(-FEED_SHOWN).reverse().map(a => feedItem(a, false)));
  }
  show('alert-feed-empty', feed.children.length === 0);
}

function simLink(imsi) {
  return el('a', {href: `#/sims/${encodeURIComponent(imsi)}`, class: 'imsi', text: imsi});
}

function severityBadge(severity) {
  return el('span', {class: `badge sev ${severity}`, text: severity});
}

function feedItem(alert, fresh) {
  return el('li', {class: fresh ? 'fresh' : '', 'data-imsi': alert.sim.imsi, 'data-type': alert.type},
    el('time', {dateTime: alert.timestamp, title: formatTime(alert.timestamp), text: formatClock(alert.timestamp)}),
    severityBadge(alert.severity),
    el('span', {class: 'feed-type', text: title(alert.type, alert.detail || {})}),
    simLink(alert.sim.imsi),
    el('span', {class: 'feed-detail', title: describe(alert.type, alert.detail || {}),
      text: describe(alert.type, alert.detail || {})}),
    el('span', {class: 'feed-source muted', text: alert.source}));
}

function drawTopSims(recent) {
  const bySim = new Map();
  for (const a of recent) {
    const s = bySim.get(a.sim.imsi) || {imsi: a.sim.imsi, count: 0, worst: 'low', latest: a};
    s.count++;
    if (SEVERITY_RANK[a.severity] > SEVERITY_RANK[s.worst]) s.worst = a.severity;
    if (Date.parse(a.timestamp) >= Date.parse(s.latest.timestamp)) s.latest = a;
    bySim.set(a.sim.imsi, s);
  }
  const top = [...bySim.values()]
    .sort((x, y) => y.count - x.count || SEVERITY_RANK[y.worst] - SEVERITY_RANK[x.worst]).slice(0, 10);
  $('top-sims').tBodies[0].replaceChildren(...top.map(s => el('tr', {'data-imsi': s.imsi},
    el('td', {}, simLink(s.imsi)),
    el('td', {class: 'num', text: s.count.toLocaleString()}),
    el('td', {}, severityBadge(s.worst)),
    el('td', {}, el('span', {text: title(s.latest.type, s.latest.detail || {})}),
      el('span', {class: 'muted', text: ` · ${formatClock(s.latest.timestamp)}`})))));
  show('top-sims', top.length > 0);
  show('top-sims-empty', top.length === 0);
}

/** The name of an event as operators say it: a detection by what was detected. */
function title(type, e) {
  return type === 'AnomalyDetected' && e.kind ? humanize(e.kind) : humanize(type);
}

/** One line saying what an event (an alert's detail, or a timeline entry) means. */
function describe(type, e) {
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  switch (type) {
    case 'AnomalyDetected':
      return `score ${Number(e.score).toFixed(1)}, response ${String(e.response).toLowerCase()}`
        + (e.evidence ? ` — ${e.evidence}` : '');
    case 'ImeiMismatch':
      return `device ${e.seen} is not the locked ${e.expected || 'device'} (${humanize(e.action).toLowerCase()})`;
    case 'FlowsBlocked':
      return `${plural(e.flows, 'flow')} blocked (${humanize(e.reason).toLowerCase()}, rule ${e.ruleId || '—'}), ${formatBytes(e.bytes)}`;
    case 'UnencryptedTrafficDetected':
      return `${plural(e.flows, 'unencrypted flow')}, ${formatBytes(e.bytes)}`;
    case 'SmsBlocked':
      return `${e.service} refused: ${humanize(e.reason).toLowerCase()}`;
    case 'VoiceCallBlocked':
      return `call to ${humanize(e.destination).toLowerCase()} refused: ${humanize(e.reason).toLowerCase()}`;
    case 'AttachRejected':
      return `attach from ${e.imei} on ${e.plmn}/${e.rat} refused: ${humanize(e.reason).toLowerCase()}`;
    case 'AttachAccepted':
      return `device ${e.imei} on ${e.plmn}/${e.rat}, APN ${e.apn}${e.roaming ? ', roaming' : ''}${e.dataAllowed ? '' : ', no data'}`;
    case 'QuotaExhausted':
      return `${humanize(e.kind).toLowerCase()} quota used up (${e.used} of ${e.limit}), ${String(e.action).toLowerCase()}`;
    case 'QuotaThresholdCrossed':
      return `${humanize(e.kind).toLowerCase()} quota at ${e.used} of ${e.limit}`;
    case 'VulnerableFirmwareFlagged':
      return `firmware ${e.version} is known to be vulnerable`;
    case 'Suspended':
      return `by ${e.by}${e.reason ? `: ${e.reason}` : ''}`;
    case 'Terminated':
      return `by ${e.by}${e.reason ? `: ${e.reason}` : ''}`;
    case 'Activated':
    case 'Resumed':
    case 'ResponseCleared':
      return `by ${e.by}`;
    case 'Provisioned':
      return `into ${e.organisation} by ${e.by}, profile ${e.profile ? e.profile.name : '—'}`;
    case 'ProfileChanged':
      return `profile ${e.profile ? e.profile.name : '—'} by ${e.by}`;
    case 'ImeiLockChanged':
      return `lock ${e.imeiLock ? humanize(e.imeiLock.mode).toLowerCase() : '—'} by ${e.by}`;
    case 'FirewallChanged':
      return `${plural((e.rules || []).length, 'rule')} by ${e.by}`;
    case 'ImeiBound':
      return `locked to device ${e.imei}`;
    case 'FirmwareUpdateRequested':
      return `to ${e.targetVersion} by ${e.by}`;
    case 'FirmwareReported':
      return `${e.previousVersion || '—'} → ${e.version}${e.requestCompleted ? ' (requested update done)' : ''}`;
    case 'VoiceUsageRecorded':
      return `${plural(e.calls, 'call')}, ${Math.round(e.seconds / 60)} min`;
    case 'UsageRecorded':
      return `${formatBytes(e.uplinkBytes)} up, ${formatBytes(e.downlinkBytes)} down, ${plural(e.flows, 'flow')}`
        + `${e.partial ? ' (partial window)' : ''}`;
    default:
      return '';
  }
}

// ---- SIM page ------------------------------------------------------------------------------------------------

async function showSim(imsi) {
  clearInterval(summaryTimer);
  summaryTimer = null;
  currentSim = imsi;
  show('fleet-view', false);
  show('sim-view', true);
  show('sim-body', false);
  show('sim-actions', false);
  show('sim-error', false);
  $('sim-imsi').textContent = imsi;
  $('sim-status').textContent = '';
  $('sim-status').className = 'badge status';
  $('sim-timeline').replaceChildren();
  $('timeline-count').textContent = '';
  try {
    const sim = await api(`/sims/${encodeURIComponent(imsi)}`);
    if (currentSim !== imsi) return;
    renderSim(sim);
    loadTimeline(imsi);
  } catch (e) {
    if (currentSim !== imsi) return;
    $('sim-error').textContent = e.status === 404 ? `No SIM ${imsi} in your organisation.` : e.message;
    show('sim-error', true);
  }
}

function facts(id, rows) {
  $(id).replaceChildren(...rows.filter(r => r).flatMap(([label, value]) => [
    el('dt', {text: label}),
    el('dd', {}, value instanceof Node ? value : String(value === undefined || value === null || value === '' ? '—' : value))]));
}

function renderSim(sim) {
  $('sim-imsi').textContent = sim.imsi;
  const status = $('sim-status');
  status.textContent = sim.status;
  status.className = `badge status ${sim.status.toLowerCase()}`;
  status.dataset.status = sim.status;

  const commands = may('command');
  show('sim-actions', commands && (sim.status === 'ACTIVE' || sim.status === 'SUSPENDED'));
  show('sim-suspend', commands && sim.status === 'ACTIVE');
  show('sim-reason', commands && sim.status === 'ACTIVE');
  show('sim-resume', commands && sim.status === 'SUSPENDED');

  const response = [sim.throttledByDetector && 'throttled', sim.quarantined && 'quarantined'].filter(Boolean);
  facts('sim-identity', [
    ['ICCID', sim.iccid],
    ['Organisation', sim.organisation],
    ['Status', sim.status],
    sim.suspendedBy && ['Suspended by', sim.suspendedBy],
    ['Detector response', response.length ? response.join(', ') : 'none'],
    ['Last event', formatTime(sim.lastEventAt)],
    ['Chain', el('code', {class: 'chain', title: sim.chain || '', text: sim.chain ? `${sim.chain.slice(0, 16)}…` : '—'})],
  ]);

  const p = sim.profile || {};
  const plmns = p.plmns || {};
  const networks = plmns.any ? 'any network' : [plmns.home && `home ${plmns.home}`,
    plmns.roamingAllowlist && plmns.roamingAllowlist.length && `roaming ${plmns.roamingAllowlist.join(', ')}`]
    .filter(Boolean).join('; ');
  const pn = p.privateNetwork;
  const responses = Object.entries(p.responses || {}).map(([k, v]) => `${humanize(k).toLowerCase()}: ${v.toLowerCase()}`);
  facts('sim-profile', [
    ['Name', p.name],
    ['Services', list(p.services)],
    ['Radio', list(p.rats)],
    ['Networks', networks],
    ['APNs', list(p.apns)],
    ['Private network', pn && pn.enabled ? `${list(pn.ranges)}${pn.internetBreakout ? ', internet breakout' : ''}` : 'no'],
    ['Unencrypted traffic', p.unencrypted ? p.unencrypted.toLowerCase() : '—'],
    ['Anomaly responses', responses.length ? responses.join('; ') : 'alert only'],
  ]);

  const lock = sim.imeiLock || {};
  const attach = sim.lastAttach;
  facts('sim-lock', [
    ['Lock', humanize(lock.mode || 'OFF')],
    ['Locked device', lock.imei || (lock.mode === 'FIRST_SEEN' ? 'not bound yet' : '—')],
    lock.allowedTacs && lock.allowedTacs.length && ['Allowed TACs', list(lock.allowedTacs)],
    ['On mismatch', lock.onMismatch ? humanize(lock.onMismatch).toLowerCase() : '—'],
    ['Suspend on mismatch', yesNo(lock.suspendOnMismatch)],
    ['Device', sim.device ? `${humanize(sim.device.formFactor).toLowerCase()}, firmware ${sim.device.firmwareVersion || '—'}` : '—'],
    sim.vulnerableFirmware && ['Vulnerable firmware', sim.vulnerableFirmware],
    ['Last attach', attach ? `${attach.imei} on ${attach.plmn}/${attach.rat}, ${formatTime(attach.at)}` : 'never'],
  ]);

  const usage = (u, quota, unit) => !u ? '—'
    : `${unit === 'bytes' ? formatBytes(u.used) : u.used.toLocaleString()}`
      + (quota ? ` of ${unit === 'bytes' ? formatBytes(quota.limit) : quota.limit.toLocaleString()} per ${quota.period.toLowerCase()}` : '')
      + (u.exhausted ? ' — used up' : u.warned ? ' — warning' : '');
  facts('sim-usage', [
    ['Data', usage(sim.data, p.dataQuota, 'bytes')],
    ['SMS', usage(sim.sms, p.smsQuota, 'count')],
    ['Period since', formatTime(sim.data && sim.data.periodStart)],
  ]);

  const rules = [...(p.firewallRules || []).map(r => ({...r, from: 'profile'})),
    ...(sim.firewallRules || []).map(r => ({...r, from: 'SIM'}))]
    .sort((a, b) => (a.priority || 0) - (b.priority || 0));
  $('sim-firewall').tBodies[0].replaceChildren(...rules.map(r => el('tr', {},
    el('td', {class: 'num', text: String(r.priority ?? 0)}),
    el('td', {text: r.id}),
    el('td', {class: 'muted', text: r.from}),
    el('td', {}, el('span', {class: `badge action ${String(r.action).toLowerCase()}`, text: r.action})),
    el('td', {text: humanize(r.direction || 'BOTH').toLowerCase()}),
    el('td', {text: r.protocol || 'ANY'}),
    el('td', {}, el('code', {text: r.remote})),
    el('td', {text: r.ports || 'any'}))));
  show('sim-firewall', rules.length > 0);
  $('sim-firewall-default').textContent = `${rules.length ? '' : 'No rules. '}Anything no rule matches is `
    + `${p.defaultAction === 'DENY' ? 'denied' : 'allowed'} (default action ${p.defaultAction || 'ALLOW'}).`;
  show('sim-body', true);
}

async function loadTimeline(imsi) {
  const allowed = may('read_events');
  show('timeline-denied', !allowed);
  show('sim-timeline', allowed);
  $('timeline-denied-role').textContent = session.me.role;
  if (!allowed) return;
  const entries = [];
  let from = 1;
  try {
    for (let page = 0; page < 5 && from; page++) {
      const result = await api(`/sims/${encodeURIComponent(imsi)}/events?from=${from}&limit=1000`);
      entries.push(...result.events);
      from = result.next;
    }
  } catch (e) {
    $('timeline-count').textContent = `timeline unavailable: ${e.message}`;
    return;
  }
  if (currentSim !== imsi) return;
  const shown = entries.slice(-200).reverse();
  $('timeline-count').textContent = entries.length > shown.length
    ? `latest ${shown.length} of ${entries.length}${from ? '+' : ''} events` : `${entries.length} events`;
  $('sim-timeline').replaceChildren(...shown.map(t => el('li', {'data-type': t.type},
    el('span', {class: 'seq muted', text: `#${t.seqNr}`}),
    el('time', {dateTime: t.event.at, text: formatTime(t.event.at)}),
    el('span', {class: `tl-type ${timelineKind(t.type)}`, text: title(t.type, t.event)}),
    el('span', {class: 'tl-detail', text: describe(t.type, t.event)}))));
}

/** Colour group of a timeline entry. */
function timelineKind(type) {
  if (['AnomalyDetected', 'ImeiMismatch', 'FlowsBlocked', 'AttachRejected', 'SmsBlocked', 'VoiceCallBlocked',
    'QuotaExhausted', 'VulnerableFirmwareFlagged', 'UnencryptedTrafficDetected'].includes(type)) return 'alert';
  if (['Suspended', 'Terminated'].includes(type)) return 'stop';
  return 'routine';
}

async function lifecycle(verb) {
  const imsi = currentSim;
  const reason = $('sim-reason').value.trim();
  const buttons = [$('sim-suspend'), $('sim-resume')];
  buttons.forEach(b => b.disabled = true);
  show('sim-error', false);
  try {
    const body = verb === 'suspend' && reason ? {reason} : undefined;
    const sim = await api(`/sims/${encodeURIComponent(imsi)}/${verb}`, {method: 'POST', body});
    $('sim-reason').value = '';
    if (currentSim === imsi) {
      renderSim(sim);
      loadTimeline(imsi);
    }
  } catch (e) {
    $('sim-error').textContent = `${humanize(verb)} refused: ${e.message}`;
    show('sim-error', true);
  } finally {
    buttons.forEach(b => b.disabled = false);
  }
}

// ---- start ---------------------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', async event => {
    event.preventDefault();
    const key = $('login-key').value.trim();
    show('login-error', false);
    $('login-submit').disabled = true;
    try {
      await login(key);
    } catch (e) {
      $('login-error').textContent = e.status === 401
        ? 'This key is not accepted: it is unknown, revoked or mistyped.' : `Cannot log in: ${e.message}`;
      show('login-error', true);
    } finally {
      $('login-submit').disabled = false;
    }
  });
  $('logout').addEventListener('click', () => logout());
  $('sim-suspend').addEventListener('click', () => lifecycle('suspend'));
  $('sim-resume').addEventListener('click', () => lifecycle('resume'));
  $('sim-actions').addEventListener('submit', event => event.preventDefault());
  $('sim-search').addEventListener('submit', event => {
    event.preventDefault();
    const imsi = $('sim-search-imsi').value.trim();
    if (imsi) location.hash = `#/sims/${encodeURIComponent(imsi)}`;
  });
  window.addEventListener('hashchange', route);

  const saved = sessionStorage.getItem(KEY_STORAGE);
  if (saved) {
    login(saved).catch(() => logout('Your saved key is no longer accepted. Log in again.'));
  } else {
    logout();
  }
});
