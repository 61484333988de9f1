'use strict';
// The alerts-over-time chart: one stacked bar per hour, drawn as inline SVG (no chart library to ship).

const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Counts per hour bucket (oldest first) and severity of the alerts in the `hours` before `now`. */
function hourlyCounts(alerts, now, hours) {
  const hour = 3600 * 1000;
  const end = Math.ceil(now / hour) * hour;
  const start = end - hours * hour;
  const buckets = Array.from({length: hours}, (_, i) => ({start: start + i * hour, low: 0, medium: 0, high: 0, critical: 0}));
  for (const a of alerts) {
    const t = Date.parse(a.timestamp);
    if (!(t >= start && t < end)) continue;
    const b = buckets[Math.floor((t - start) / hour)];
    if (SEVERITIES.includes(a.severity)) b[a.severity]++;
  }
  return buckets;
}

/** A "nice" axis maximum at or above `max`: 1, 2, 5 times a power of ten. */
function niceMax(max) {
  if (max <= 4) return 4;
  const power = Math.pow(10, Math.floor(Math.log10(max)));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

function drawAlertChart(container, alerts, now) {
  const hours = 24;
  const buckets = hourlyCounts(alerts, now, hours);
  const width = 640, height = 220, left = 36, right = 8, top = 10, bottom = 28;
  const plotW = width - left - right, plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...buckets.map(b => SEVERITIES.reduce((n, s) => n + b[s], 0))));
  const chart = svg('svg', {viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'bars',
    'aria-label': 'alerts per hour over the last 24 hours, by severity'});

  for (let i = 0; i <= 4; i++) {
    const value = max * i / 4;
    const y = top + plotH - plotH * i / 4;
    chart.appendChild(svg('line', {x1: left, x2: width - right, y1: y, y2: y, class: i === 0 ? 'axis' : 'grid'}));
    chart.appendChild(svg('text', {x: left - 6, y: y + 4, class: 'tick', 'text-anchor': 'end'},
      Number.isInteger(value) ? String(value) : value.toFixed(1)));
  }
  const slot = plotW / hours;
  const barW = Math.max(2, slot * 0.7);
  buckets.forEach((b, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let y = top + plotH;
    const total = SEVERITIES.reduce((n, s) => n + b[s], 0);
    for (const s of SEVERITIES) {
      if (b[s] === 0) continue;
      const h = plotH * b[s] / max;
      y -= h;
      const rect = svg('rect', {x, y, width: barW, height: h, class: `sev ${s}`});
      rect.appendChild(svg('title', {}, `${new Date(b.start).toLocaleString()}: ${total} alerts (${b[s]} ${s})`));
      chart.appendChild(rect);
    }
    if (i % 3 === 0) {
      const label = `${String(new Date(b.start).getHours()).padStart(2, '0')}:00`;
      chart.appendChild(svg('text', {x: left + i * slot + slot / 2, y: height - 8, class: 'tick', 'text-anchor': 'middle'}, label));
    }
  });
  container.replaceChildren(chart);
  return buckets.reduce((n, b) => n + SEVERITIES.reduce((m, s) => m + b[s], 0), 0);
}

window.drawAlertChart = drawAlertChart;
window.SEVERITIES = SEVERITIES;
