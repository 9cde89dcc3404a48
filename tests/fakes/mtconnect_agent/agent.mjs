#!/usr/bin/env node
// A fake MTConnect agent for kerf's tests and live demo (plain Node.js 20, no npm dependencies).
//
// It loads an MTConnectDevices document, keeps a bounded sequence buffer of observations the way
// an agent does (so it wraps), replays a recorded SHDR file into it (optionally looping, with a
// speed factor), takes observations from HTTP PUT/POST and SHDR lines on stdin, and serves the
// MTConnect HTTP API: probe, current, sample (bounded and streaming multipart), errors.
// docs/mtconnect.md lists the endpoints; every document validates against the official XSDs.
//
//   node agent.mjs --devices Devices.xml [--shdr okuma-shdr.txt] [--port 0] [--buffer-size 4096]
//        [--speed 1] [--loop] [--stdin] [--device OKUMA] [--timestamps now|recorded]
//        [--empty-heartbeats]
//
// Prints "listening on port <n>" once it accepts connections.
import http from 'node:http';
import readline from 'node:readline';

import { esc, loadDevices, loadShdr, parseAttrs, streamsBody } from './documents.mjs';

// ---------- command line ----------
function parseArgs(argv) {
  const opts = {
    devices: null, shdr: null, port: 0, host: '127.0.0.1', bufferSize: 4096, speed: 1,
    loop: false, stdin: false, device: null, timestamps: 'now', emptyHeartbeats: false,
    sender: 'kerf-fake-agent',
  };
  const flags = {
    '--devices': (v) => (opts.devices = v), '--shdr': (v) => (opts.shdr = v),
    '--port': (v) => (opts.port = Number(v)), '--host': (v) => (opts.host = v),
    '--buffer-size': (v) => (opts.bufferSize = Number(v)), '--speed': (v) => (opts.speed = Number(v)),
    '--device': (v) => (opts.device = v), '--timestamps': (v) => (opts.timestamps = v),
    '--sender': (v) => (opts.sender = v),
  };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--loop') opts.loop = true;
    else if (a === '--stdin') opts.stdin = true;
    else if (a === '--empty-heartbeats') opts.emptyHeartbeats = true;
    else if (flags[a] && i + 1 < argv.length) flags[a](argv[++i]);
    else fail(`unknown or incomplete argument '${a}'`);
  }
  if (!opts.devices) fail('--devices <Devices.xml> is required');
  if (!Number.isInteger(opts.bufferSize) || opts.bufferSize < 1) fail('--buffer-size must be >= 1');
  if (!(opts.speed >= 0)) fail('--speed must be >= 0 (0 = load the whole file at once)');
  if (opts.speed === 0 && opts.loop) fail('--loop needs --speed > 0');
  if (!['now', 'recorded'].includes(opts.timestamps)) fail('--timestamps must be now|recorded');
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) fail('--port: 0..65535');
  return opts;
}

function fail(msg) {
  process.stderr.write(`agent: ${msg}\n`);
  process.exit(2);
}

const opts = parseArgs(process.argv);

let model;
try {
  model = loadDevices(opts.devices);
} catch (e) {
  fail(e.message);
}
const defaultDevice = opts.device
  ? model.devices.find((d) => d.name === opts.device || d.uuid === opts.device)
  : model.devices[0];
if (!defaultDevice) fail(`--device ${opts.device}: no such device in ${opts.devices}`);

function findDevice(key) {
  return model.devices.find((d) => d.name === key || d.uuid === key || d.id === key);
}
function findItem(device, key) {
  return device.items.find((i) => i.name === key) ?? device.items.find((i) => i.id === key);
}

// ---------- the sequence buffer ----------
const state = {
  instanceId: 0,
  nextSeq: 1,
  buffer: [],   // observations in sequence order, at most bufferSize
  latest: new Map(),  // data item id -> last observation (events, samples)
  active: new Map(),  // condition data item id -> Map(nativeCode -> observation)
  unknown: 0,   // SHDR keys that match no data item
};
const startTime = new Date().toISOString();

function firstSeq() {
  return state.buffer.length ? state.buffer[0].seq : state.nextSeq;
}

function nowIso() {
  return new Date().toISOString();
}

// Adds one observation unless it repeats the current value (agents drop duplicates).
// `obs`: {item, ts, value} or, for conditions, {item, ts, level, nativeCode, nativeSeverity,
// qualifier, text}.
function addObservation(obs) {
  const { item } = obs;
  if (item.category === 'CONDITION') {
    obs.level = (obs.level || 'UNAVAILABLE').toUpperCase();
    obs.nativeCode = obs.nativeCode ?? '';
    const codes = state.active.get(item.id) ?? new Map();
    state.active.set(item.id, codes);
    const clearing = obs.level === 'NORMAL' || obs.level === 'UNAVAILABLE';
    if (clearing && obs.nativeCode && obs.level === 'NORMAL') {
      if (!codes.has(obs.nativeCode)) return;  // nothing active under that code
      codes.delete(obs.nativeCode);
      if (codes.size > 0) {
        // Other codes stay active: the normal is still recorded in the buffer.
        obs.seq = state.nextSeq++;
        return pushObservation(obs);
      }
      obs.nativeCode = '';
    }
    if (clearing) {
      const only = codes.size === 1 ? codes.get('') : null;
      if (only && only.level === obs.level) return;
      codes.clear();
      codes.set('', obs);
    } else {
      const prev = codes.get(obs.nativeCode);
      if (prev && prev.level === obs.level && prev.text === obs.text) return;
      codes.delete('');
      codes.set(obs.nativeCode, obs);
    }
  } else {
    const prev = state.latest.get(item.id);
    if (prev && prev.value === obs.value) return;
    state.latest.set(item.id, obs);
  }
  obs.seq = state.nextSeq++;
  pushObservation(obs);
}

function pushObservation(obs) {
  state.buffer.push(obs);
  if (state.buffer.length > opts.bufferSize) state.buffer.shift();
}

function resetBuffer() {
  state.instanceId = Math.max(state.instanceId + 1, Math.floor(Date.now() / 1000));
  state.nextSeq = 1;
  state.buffer = [];
  state.latest.clear();
  state.active.clear();
  const ts = nowIso();
  for (const d of model.devices) {
    for (const item of d.items) {
      if (item.category === 'CONDITION') addObservation({ item, ts, level: 'UNAVAILABLE' });
      else addObservation({ item, ts, value: 'UNAVAILABLE' });
    }
  }
}

// ---------- SHDR ----------
// Applies one SHDR line `timestamp|key|value|key|value...` (conditions take five fields
// LEVEL|nativeCode|nativeSeverity|qualifier|text, MESSAGE two: nativeCode|text) to `device`.
// Asset commands (@ASSET@ ...) are ignored. An empty or non-date timestamp means now.
function applyShdr(line, device, tsOverride) {
  const fields = line.replace(/\r$/, '').split('|');
  if (fields.length < 2) return;
  let ts = fields[0];
  if (!/^\d{4}-\d\d-\d\dT/.test(ts)) ts = nowIso();
  if (tsOverride) ts = tsOverride;
  for (let i = 1; i < fields.length;) {
    const key = fields[i];
    if (key.startsWith('@')) return;
    const item = findItem(device, key);
    if (!item) {
      state.unknown++;
      i += 2;
      continue;
    }
    if (item.category === 'CONDITION') {
      const [level, nativeCode, nativeSeverity, qualifier, text] = fields.slice(i + 1, i + 6);
      addObservation({ item, ts, level, nativeCode, nativeSeverity, qualifier, text });
      i += 6;
    } else if (item.type === 'MESSAGE' || item.type === 'ALARM') {
      addObservation({ item, ts, nativeCode: fields[i + 1], value: fields[i + 2] ?? '' });
      i += 3;
    } else {
      addObservation({ item, ts, value: fields[i + 1] ?? '' });
      i += 2;
    }
  }
}

const replay = { lines: opts.shdr ? loadShdr(opts.shdr) : [], index: 0, timer: null, epoch: 0 };

function stampFor(entry) {
  return opts.timestamps === 'recorded' ? new Date(entry.ms).toISOString() : nowIso();
}

// Plays the recorded lines in real time divided by --speed (0: all at once).
function startReplay() {
  clearTimeout(replay.timer);
  replay.index = 0;
  replay.epoch++;
  if (replay.lines.length === 0) return;
  if (opts.speed === 0) {
    for (const e of replay.lines) applyShdr(e.line, defaultDevice, stampFor(e));
    replay.index = replay.lines.length;
    return;
  }
  const epoch = replay.epoch;
  let startWall = Date.now();
  let startRec = replay.lines[0].ms;
  let lastRec = startRec;
  const step = () => {
    if (epoch !== replay.epoch) return;
    const elapsed = (Date.now() - startWall) * opts.speed;
    while (replay.index < replay.lines.length) {
      const e = replay.lines[replay.index];
      const rec = Math.max(e.ms, lastRec);  // out-of-order stamps play at once
      if (rec - startRec > elapsed) break;
      lastRec = rec;
      applyShdr(e.line, defaultDevice, stampFor(e));
      replay.index++;
    }
    if (replay.index >= replay.lines.length) {
      if (!opts.loop) return;
      replay.index = 0;
      startWall = Date.now();
      startRec = replay.lines[0].ms;
      lastRec = startRec;
    }
    const next = replay.lines[replay.index];
    const wait = (Math.max(next.ms, lastRec) - startRec - elapsed) / opts.speed;
    replay.timer = setTimeout(step, Math.max(1, Math.min(wait, 1000)));
  };
  step();
}

// ---------- documents ----------
const STREAMS_NS = 'urn:mtconnect.org:MTConnectStreams:2.7';
const ERROR_NS = 'urn:mtconnect.org:MTConnectError:2.7';
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const deviceModelChangeTime = startTime;

function commonHeader() {
  return `creationTime="${nowIso()}" sender="${esc(opts.sender)}" ` +
    `instanceId="${state.instanceId}" version="2.7.0.0" ` +
    `deviceModelChangeTime="${deviceModelChangeTime}" bufferSize="${opts.bufferSize}"`;
}

function probeDoc(device) {
  let text = model.text.replace(/<Header\b[^>]*\/>/, `<Header ${commonHeader()} ` +
    'assetBufferSize="1024" assetCount="0"/>');
  if (device) {
    text = text.replace(/<Device\s[\s\S]*?<\/Device>\s*/g,
      (m) => (parseAttrs(m.slice(0, m.indexOf('>'))).name === device.name ? m : ''));
  }
  return text;
}

function streamsDoc(observations, devices, nextSequence) {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<MTConnectStreams ${XSI} xmlns="${STREAMS_NS}" xsi:schemaLocation="${STREAMS_NS} ` +
    `http://schemas.mtconnect.org/schemas/MTConnectStreams_2.7.xsd">` +
    `<Header ${commonHeader()} nextSequence="${nextSequence}" firstSequence="${firstSeq()}" ` +
    `lastSequence="${Math.max(1, state.nextSeq - 1)}"/>` +
    `${streamsBody(observations, devices)}</MTConnectStreams>\n`;
}

function currentDoc(devices) {
  const obs = [];
  for (const d of devices) {
    for (const item of d.items) {
      if (item.category === 'CONDITION') obs.push(...(state.active.get(item.id)?.values() ?? []));
      else if (state.latest.has(item.id)) obs.push(state.latest.get(item.id));
    }
  }
  obs.sort((a, b) => a.seq - b.seq);
  return streamsDoc(obs, devices, state.nextSeq);
}

// Observations with from <= seq, at most `count`, of `devices`; and the next sequence.
function sampleRange(from, count, devices) {
  const out = [];
  let next = Math.max(from, firstSeq());
  for (const o of state.buffer) {
    if (o.seq < from) continue;
    if (out.length >= count) break;
    next = o.seq + 1;
    if (devices.includes(o.item.device)) out.push(o);
  }
  if (out.length < count) next = Math.max(next, state.nextSeq);
  return { observations: out, next };
}

const ERROR_ELEMENTS = {
  OUT_OF_RANGE: 'OutOfRange', INVALID_REQUEST: 'InvalidRequest', NO_DEVICE: 'NoDevice',
  INVALID_URI: 'InvalidURI',
};

function errorDoc(code, message, uri, param) {
  const el = ERROR_ELEMENTS[code];
  const qp = param ? `<QueryParameter name="${esc(param.name)}"><Value>${esc(param.value)}` +
    '</Value>' + (param.min !== undefined ? `<Minimum>${param.min}</Minimum>` : '') +
    (param.max !== undefined ? `<Maximum>${param.max}</Maximum>` : '') + '</QueryParameter>' : '';
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<MTConnectError ${XSI} xmlns="${ERROR_NS}" xsi:schemaLocation="${ERROR_NS} ` +
    `http://schemas.mtconnect.org/schemas/MTConnectError_2.7.xsd">` +
    `<Header ${commonHeader()}/><Errors><${el}>${qp}<URI>${esc(uri)}</URI>` +
    `<ErrorMessage>${esc(message)}</ErrorMessage></${el}></Errors></MTConnectError>\n`;
}

// ---------- HTTP ----------
const sockets = new Set();
const streams = new Set();

function sendXml(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'text/xml; charset=UTF-8',
    'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

class RequestError extends Error {
  constructor(status, code, message, param) {
    super(message);
    Object.assign(this, { status, code, param });
  }
}

function intParam(q, name, dflt, min, max) {
  const raw = q.get(name);
  if (raw === null) return dflt;
  if (!/^-?\d+$/.test(raw)) {
    throw new RequestError(400, 'INVALID_REQUEST', `'${name}' must be an integer, got '${raw}'`);
  }
  const v = Number(raw);
  if (v < min || v > max) {
    throw new RequestError(400, 'OUT_OF_RANGE', `'${name}' must be in [${min}, ${max}], got ${v}`,
      { name, value: raw, min, max });
  }
  return v;
}

function handleSample(req, res, q, devices) {
  const count = intParam(q, 'count', 100, 1, opts.bufferSize);
  const from = intParam(q, 'from', firstSeq(), firstSeq(), state.nextSeq);
  const interval = q.has('interval') ? intParam(q, 'interval', 0, 0, 2 ** 31 - 1) : null;
  if (interval === null) {
    const r = sampleRange(from, count, devices);
    return sendXml(res, 200, streamsDoc(r.observations, devices, r.next));
  }
  const heartbeat = intParam(q, 'heartbeat', 10000, 10, 2 ** 31 - 1);
  const boundary = `kerf${Math.random().toString(16).slice(2)}`;
  res.writeHead(200, { 'Content-Type': `multipart/mixed;boundary=${boundary}`,
    'Transfer-Encoding': 'chunked', 'Connection': 'close' });
  const s = { res, devices, next: from, count, interval, heartbeat, boundary, lastSend: 0,
    timer: null, instanceId: state.instanceId };
  const writePart = (body) => {
    res.write(`--${boundary}\r\nContent-type: text/xml\r\nContent-length: ` +
      `${Buffer.byteLength(body)}\r\n\r\n${body}\r\n`);
    s.lastSend = Date.now();
  };
  s.flush = () => {
    if (res.writableEnded || res.destroyed || s.stalled) return;
    if (s.next < firstSeq()) {
      writePart(errorDoc('OUT_OF_RANGE', `sequence ${s.next} left the buffer (first is ` +
        `${firstSeq()})`, req.url, { name: 'from', value: String(s.next), min: firstSeq(),
        max: state.nextSeq }));
      return closeStream(s);
    }
    if (s.next < state.nextSeq) {
      const r = sampleRange(s.next, s.count, devices);
      s.next = r.next;
      if (r.observations.length) return writePart(streamsDoc(r.observations, devices, r.next));
    }
    if (Date.now() - s.lastSend >= heartbeat) {
      writePart(opts.emptyHeartbeats ? '' : streamsDoc([], devices, s.next));
    }
  };
  streams.add(s);
  s.timer = setInterval(s.flush, Math.max(interval, 5));
  const cleanup = () => closeStream(s);
  res.on('close', cleanup);
  s.flush();
  s.lastSend = Date.now();
}

function closeStream(s) {
  clearInterval(s.timer);
  streams.delete(s);
  if (!s.res.writableEnded) s.res.end();
}

function dropConnections() {
  for (const s of [...streams]) {
    clearInterval(s.timer);
    streams.delete(s);
  }
  for (const sock of sockets) sock.destroy();
}

function handlePut(req, res, q, device) {
  const applied = [];
  const ts = q.get('timestamp') && /^\d{4}-/.test(q.get('timestamp')) ? q.get('timestamp') : null;
  for (const [key, value] of q) {
    if (key === 'timestamp') continue;
    const item = findItem(device, key);
    if (!item) {
      throw new RequestError(400, 'INVALID_REQUEST', `no data item '${key}' on ${device.name}`);
    }
    const stamp = ts ?? nowIso();
    if (item.category === 'CONDITION') {
      const [level, nativeCode, nativeSeverity, qualifier, text] = value.split('|');
      addObservation({ item, ts: stamp, level, nativeCode, nativeSeverity, qualifier, text });
    } else {
      addObservation({ item, ts: stamp, value });
    }
    applied.push(key);
  }
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(`<success/>\n`);
}

function route(req, res) {
  const url = new URL(req.url, 'http://agent');
  const parts = url.pathname.split('/').filter(Boolean);
  const q = url.searchParams;
  if (parts[0] === '_control' && req.method === 'POST') {
    if (parts[1] === 'restart') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Connection': 'close' });
      res.end(`restarting\n`, () => restart());
      return;
    }
    if (parts[1] === 'stall') {
      // Streams stay open but send nothing (not even heartbeats) until dropped or restarted.
      for (const st of streams) st.stalled = true;
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('stalled\n');
      return;
    }
    if (parts[1] === 'drop') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Connection': 'close' });
      res.end('dropping\n', () => dropConnections());
      return;
    }
  }
  if (parts[0] === '_control' && parts[1] === 'status') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ instanceId: state.instanceId, firstSequence: firstSeq(),
      nextSequence: state.nextSeq, bufferSize: opts.bufferSize, streams: streams.size,
      replayed: replay.index, replayTotal: replay.lines.length, unknownKeys: state.unknown }) +
      '\n');
    return;
  }
  let device = null;
  let rest = parts;
  if (parts.length >= 1 && !['probe', 'current', 'sample'].includes(parts[0])) {
    device = findDevice(decodeURIComponent(parts[0]));
    if (!device) {
      throw new RequestError(404, 'NO_DEVICE', `no device '${parts[0]}'`);
    }
    rest = parts.slice(1);
  }
  if (req.method === 'PUT' || req.method === 'POST') {
    if (!device || rest.length) throw new RequestError(400, 'INVALID_REQUEST', 'PUT /<device>?k=v');
    return handlePut(req, res, q, device);
  }
  if (req.method !== 'GET') {
    throw new RequestError(400, 'INVALID_REQUEST', `method ${req.method} not supported`);
  }
  const devices = device ? [device] : model.devices;
  const req0 = rest.length === 0 ? (device ? 'probe' : null) : rest[0];
  if (rest.length > 1 || !req0) {
    throw new RequestError(400, 'INVALID_URI', `unknown request '${url.pathname}'`);
  }
  switch (req0) {
    case 'probe':
      return sendXml(res, 200, probeDoc(device));
    case 'current':
      return sendXml(res, 200, currentDoc(devices));
    case 'sample':
      return handleSample(req, res, q, devices);
    default:
      throw new RequestError(400, 'INVALID_URI', `unknown request '${req0}'`);
  }
}

const server = http.createServer((req, res) => {
  try {
    route(req, res);
  } catch (e) {
    if (!(e instanceof RequestError)) throw e;
    sendXml(res, e.status, errorDoc(e.code, e.message, req.url, e.param));
  }
});
server.on('connection', (sock) => {
  sockets.add(sock);
  sock.on('close', () => sockets.delete(sock));
});

function restart() {
  dropConnections();
  resetBuffer();
  startReplay();
  process.stdout.write(`restarted instanceId ${state.instanceId}\n`);
}

process.on('SIGHUP', restart);
process.on('SIGUSR1', dropConnections);
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));

if (opts.stdin) {
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (line.trim()) applyShdr(line, defaultDevice, null);
  });
}

resetBuffer();
startReplay();
server.listen(opts.port, opts.host, () => {
  process.stdout.write(`listening on port ${server.address().port}\n`);
});
