// The fake MTConnect agent's pure parts: reading Devices.xml (a small tag scanner; the file is
// trusted test input) and SHDR recordings, and writing Streams observations as XML.
import fs from 'node:fs';

export function parseAttrs(text) {
  const attrs = {};
  text.replace(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g, (_, k, _q, a, b) => {
    attrs[k] = a ?? b;
  });
  return attrs;
}

export function pascal(type) {
  return type.toLowerCase().split(/[_:]/).filter(Boolean)
    .map((s) => s[0].toUpperCase() + s.slice(1)).join('');
}

// Returns {text, devices: [{name, uuid, id, items: [...]}]}; an item knows its component.
export function loadDevices(path) {
  const text = fs.readFileSync(path, 'utf8');
  const clean = text.replace(/<!--[\s\S]*?-->/g, (m) => ' '.repeat(m.length));
  const devices = [];
  const stack = [];
  const tagRe = /<(\/?)([A-Za-z_][\w:.-]*)([^>]*?)(\/?)>/g;
  let m;
  while ((m = tagRe.exec(clean))) {
    const [, closing, name, rest, selfClosing] = m;
    if (closing) {
      stack.pop();
      continue;
    }
    const el = { name, attrs: parseAttrs(rest) };
    if (name === 'Device') {
      devices.push({ name: el.attrs.name, uuid: el.attrs.uuid, id: el.attrs.id, items: [] });
    }
    if (name === 'DataItem' && devices.length > 0) {
      const owner = stack[stack.length - 2];  // DataItems' parent: the component
      const a = el.attrs;
      const item = {
        id: a.id, name: a.name, type: a.type, subType: a.subType, category: a.category,
        representation: a.representation, compositionId: a.compositionId,
        component: owner.name, componentId: owner.attrs.id, componentName: owner.attrs.name,
        device: devices[devices.length - 1],
      };
      let el2 = pascal(item.type);
      if (item.representation === 'DATA_SET') el2 += 'DataSet';
      else if (item.representation === 'TABLE') el2 += 'Table';
      else if (item.representation === 'TIME_SERIES') el2 += 'TimeSeries';
      item.element = el2;
      devices[devices.length - 1].items.push(item);
    }
    if (!selfClosing) stack.push(el);
  }
  if (devices.length === 0) throw new Error(`${path}: no Device element`);
  return { text, devices };
}

// Reads an SHDR file into [{ms, line}], dropping asset blocks and commands.
export function loadShdr(path) {
  const lines = fs.readFileSync(path, 'utf8').split('\n');
  const out = [];
  let multiline = null;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (multiline) {
      if (line === multiline) multiline = null;
      continue;
    }
    const mm = /--multiline--(\w+)$/.exec(line);
    if (mm) {
      multiline = `--multiline--${mm[1]}`;
      continue;
    }
    if (!line || line.split('|')[1]?.startsWith('@')) continue;
    const ms = Date.parse(line.slice(0, line.indexOf('|')));
    if (Number.isNaN(ms)) continue;
    out.push({ ms, line });
  }
  return out;
}

export function esc(s) {
  return String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function observationXml(o) {
  const { item } = o;
  let attrs = `dataItemId="${esc(item.id)}" timestamp="${o.ts}" sequence="${o.seq}"`;
  if (item.name) attrs += ` name="${esc(item.name)}"`;
  if (item.compositionId) attrs += ` compositionId="${esc(item.compositionId)}"`;
  if (item.category === 'CONDITION') {
    const tag = pascal(o.level || 'UNAVAILABLE');
    attrs += ` type="${esc(item.type)}"`;
    if (item.subType) attrs += ` subType="${esc(item.subType)}"`;
    if (o.nativeCode) attrs += ` nativeCode="${esc(o.nativeCode)}"`;
    // 2.x: an active condition names its instance (cppagent: the native code, else the item).
    if (tag === 'Fault' || tag === 'Warning') {
      attrs += ` conditionId="${esc(o.nativeCode || item.id)}"`;
    }
    if (o.nativeSeverity) attrs += ` nativeSeverity="${esc(o.nativeSeverity)}"`;
    if (o.qualifier) attrs += ` qualifier="${esc(o.qualifier)}"`;
    return o.text ? `<${tag} ${attrs}>${esc(o.text)}</${tag}>` : `<${tag} ${attrs}/>`;
  }
  if (item.subType) attrs += ` subType="${esc(item.subType)}"`;
  if (o.nativeCode) attrs += ` nativeCode="${esc(o.nativeCode)}"`;
  if (item.representation === 'DATA_SET' && o.value !== 'UNAVAILABLE') {
    const entries = String(o.value).trim().split(/\s+/).filter(Boolean).map((kv) => {
      const eq = kv.indexOf('=');
      return eq < 0 ? [kv, ''] : [kv.slice(0, eq), kv.slice(eq + 1)];
    });
    const body = entries.map(([k, v]) => `<Entry key="${esc(k)}">${esc(v)}</Entry>`).join('');
    return `<${item.element} ${attrs} count="${entries.length}">${body}</${item.element}>`;
  }
  if (item.representation === 'DATA_SET') attrs += ' count="0"';
  return `<${item.element} ${attrs}>${esc(o.value)}</${item.element}>`;
}

// Groups observations by device, component and category, in the schema's order.
export function streamsBody(observations, devices) {
  let xml = '<Streams>';
  for (const d of devices) {
    const comps = new Map();
    for (const o of observations) {
      if (o.item.device !== d) continue;
      const key = o.item.componentId;
      if (!comps.has(key)) comps.set(key, { item: o.item, SAMPLE: [], EVENT: [], CONDITION: [] });
      comps.get(key)[o.item.category].push(o);
    }
    xml += `<DeviceStream name="${esc(d.name)}" uuid="${esc(d.uuid)}">`;
    for (const c of comps.values()) {
      const i = c.item;
      xml += `<ComponentStream component="${esc(i.component)}" componentId="${esc(i.componentId)}"` +
        (i.componentName ? ` name="${esc(i.componentName)}"` : '') + '>';
      if (c.SAMPLE.length) xml += `<Samples>${c.SAMPLE.map(observationXml).join('')}</Samples>`;
      if (c.EVENT.length) xml += `<Events>${c.EVENT.map(observationXml).join('')}</Events>`;
      if (c.CONDITION.length) {
        xml += `<Condition>${c.CONDITION.map(observationXml).join('')}</Condition>`;
      }
      xml += '</ComponentStream>';
    }
    xml += '</DeviceStream>';
  }
  return `${xml}</Streams>`;
}
