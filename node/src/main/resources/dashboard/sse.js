'use strict';
// Server-Sent Events over fetch(). EventSource cannot send an Authorization header, and the API key must not
// travel in the URL (URLs end up in logs and history), so the stream is read with a ReadableStream reader and
// parsed here as the HTML standard's "event stream interpretation" says.

/** Feeds text chunks in, calls onEvent({id, event, data}) for every complete event. */
class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.data = [];
    this.eventType = '';
    this.lastEventId = '';
  }

  push(chunk) {
    this.buffer += chunk;
    // A line ends at CRLF, LF or CR; a CR at the very end may be the first half of a CRLF still in transit.
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      if (c === '\r' && i + 1 === this.buffer.length) break;
      this.line(this.buffer.slice(start, i));
      if (c === '\r' && this.buffer[i + 1] === '\n') i++;
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  line(text) {
    if (text === '') {
      this.dispatch();
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventType = value;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
  }

  dispatch() {
    const data = this.data;
    const type = this.eventType;
    this.data = [];
    this.eventType = '';
    if (data.length === 0) return;
    this.onEvent({id: this.lastEventId, event: type || 'message', data: data.join('\n')});
  }
}

/**
 * Reads the stream at `url` until it ends (resolves), fails or `signal` aborts (rejects; with `status` when the
 * server refused the request). Each event carries the id to reconnect after (`Last-Event-ID`); the caller keeps it.
 * The server's `retry` field is ignored: the caller has its own reconnection delay.
 */
async function readEventStream(url, headers, lastEventId, onEvent, signal) {
  const sent = Object.assign({Accept: 'text/event-stream'}, headers);
  if (lastEventId) sent['Last-Event-ID'] = lastEventId;
  const response = await fetch(url, {headers: sent, signal, cache: 'no-store'});
  if (!response.ok) {
    const error = new Error(`stream refused: HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  const parser = new SseParser(onEvent);
  parser.lastEventId = lastEventId || '';
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      parser.push(value);
    }
  } finally {
    reader.releaseLock();
  }
}

window.SseParser = SseParser;
window.readEventStream = readEventStream;
