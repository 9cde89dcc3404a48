// Turret punch simulator: a node-opcua server on 127.0.0.1 that exposes one folder per punch
// with the variables kerf's OPC UA client reads (docs/opcua.md, "Punch simulator").
//
//   node server.mjs [--port 0] [--machines PUN-1,PUN-2] [--user kerf:punch] [--spm 30]
//                   [--tick-ms 200] [--no-autostart-running]
//
// Prints one JSON line {"event":"ready","port":N,"endpoint":"opc.tcp://127.0.0.1:N"} when it
// listens. Control: JSON lines on stdin, each answered by one JSON line on stdout:
//   {"cmd":"set","machine":"PUN-1","running":true,"program":"P1","tool":"T12","alarm":"E42",
//    "spm":60,"tonnage":18.5}                    any subset of the fields
//   {"cmd":"strokes","machine":"PUN-1","n":5}   adds n strokes at once
//   {"cmd":"get","machine":"PUN-1"}             current values
//   {"cmd":"stop"} / {"cmd":"start"} / {"cmd":"restart"}   the OPC UA server (same port; sessions
//                                               and subscriptions are lost, the values are kept)
//   {"cmd":"drop"}                              closes every client socket, server keeps running
//   {"cmd":"quit"}
import readline from "node:readline";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import {
  OPCUAServer,
  DataType,
  Variant,
  StatusCodes,
  SecurityPolicy,
  MessageSecurityMode,
  UserTokenPolicy,
  UserTokenType,
  OPCUACertificateManager,
} from "node-opcua";

function parseArgs(argv) {
  const args = { port: 0, machines: ["PUN-1"], user: "kerf:punch", spm: 30, tickMs: 200,
                 running: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--port") args.port = Number(next());
    else if (a === "--machines") args.machines = next().split(",").filter((m) => m.length > 0);
    else if (a === "--user") args.user = next();
    else if (a === "--spm") args.spm = Number(next());
    else if (a === "--tick-ms") args.tickMs = Number(next());
    else if (a === "--no-autostart-running") args.running = false;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    throw new Error(`--port must be 0..65535, got ${args.port}`);
  }
  if (args.machines.length === 0) throw new Error("--machines needs at least one name");
  return args;
}

const args = parseArgs(process.argv.slice(2));
const [userName, password] = args.user.split(":");

// Punch state lives outside the server so that a restart keeps the counters (like a PLC).
const punches = new Map();
for (const name of args.machines) {
  punches.set(name, {
    strokeCount: 0, running: args.running, spm: args.spm, program: "PRG-100",
    tool: "T-01", tonnage: 12.5, alarm: "", fraction: 0,
  });
}

const kVars = [
  ["StrokeCount", DataType.UInt32, (p) => p.strokeCount],
  ["Running", DataType.Boolean, (p) => p.running],
  ["StrokesPerMinute", DataType.Double, (p) => (p.running ? p.spm : 0)],
  ["Program", DataType.String, (p) => p.program],
  ["ToolNumber", DataType.String, (p) => p.tool],
  ["Tonnage", DataType.Double, (p) => (p.running ? p.tonnage : 0)],
  ["Alarm", DataType.String, (p) => p.alarm],
];

let server = null;
let boundPort = args.port;
// Certificates go to a private temp folder so that parallel simulators never share a PKI.
const pkiRoot = fs.mkdtempSync(path.join(os.tmpdir(), "kerf-opcua-pki-"));

async function startServer() {
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: path.join(pkiRoot, "pki"), automaticallyAcceptUnknownCertificate: true,
  });
  server = new OPCUAServer({
    port: boundPort,
    hostname: "127.0.0.1",
    serverCertificateManager,
    securityPolicies: [SecurityPolicy.None],
    securityModes: [MessageSecurityMode.None],
    allowAnonymous: true,
    maxConnectionsPerEndpoint: 50,
    userManager: {
      isValidUser: (user, pass) => user === userName && pass === password,
    },
    buildInfo: { productName: "kerf punch simulator", buildNumber: "1" },
  });
  await server.initialize();
  const ns = server.engine.addressSpace.getOwnNamespace();  // ns=1
  const objects = server.engine.addressSpace.rootFolder.objects;
  for (const [name, punch] of punches) {
    const folder = ns.addFolder(objects, { browseName: name, nodeId: `s=${name}` });
    for (const [varName, dataType, get] of kVars) {
      ns.addVariable({
        componentOf: folder,
        browseName: varName,
        nodeId: `s=${name}.${varName}`,
        dataType,
        minimumSamplingInterval: 50,
        value: { get: () => new Variant({ dataType, value: get(punch) }) },
      });
    }
  }
  await server.start();
  boundPort = server.endpoints[0].port;
  // SecurityPolicy None with a plain-text password (node-opcua only offers encrypted
  // passwords on None endpoints by default): add the "username_unsecure" token policy.
  for (const ep of server.endpoints) {
    for (const d of ep.endpointDescriptions()) {
      if (d.securityPolicyUri !== SecurityPolicy.None) continue;
      const has = (d.userIdentityTokens || []).some((t) => t.policyId === "username_unsecure");
      if (!has) {
        d.userIdentityTokens.push(new UserTokenPolicy({
          policyId: "username_unsecure", tokenType: UserTokenType.UserName, securityPolicyUri: null,
        }));
      }
    }
  }
}

async function stopServer() {
  if (!server) return;
  const s = server;
  server = null;
  await s.shutdown(0);
}

function tick(dtMs) {
  for (const p of punches.values()) {
    if (!p.running || p.alarm !== "") continue;
    p.fraction += (p.spm * dtMs) / 60000;
    const whole = Math.floor(p.fraction);
    p.fraction -= whole;
    p.strokeCount = (p.strokeCount + whole) >>> 0;
  }
}

function snapshot(name) {
  const p = punches.get(name);
  return { machine: name, strokeCount: p.strokeCount, running: p.running, spm: p.spm,
           program: p.program, tool: p.tool, tonnage: p.tonnage, alarm: p.alarm };
}

function reply(obj) { process.stdout.write(JSON.stringify(obj) + "\n"); }

async function handle(line) {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (e) {
    return { ok: false, error: `not JSON: ${e.message}` };
  }
  const punch = msg.machine !== undefined ? punches.get(msg.machine) : undefined;
  if (msg.machine !== undefined && !punch) return { ok: false, error: `no machine ${msg.machine}` };
  switch (msg.cmd) {
    case "set": {
      if (!punch) return { ok: false, error: "set needs machine" };
      if (msg.running !== undefined) punch.running = !!msg.running;
      if (msg.program !== undefined) punch.program = String(msg.program);
      if (msg.tool !== undefined) punch.tool = String(msg.tool);
      if (msg.alarm !== undefined) punch.alarm = String(msg.alarm);
      if (msg.spm !== undefined) punch.spm = Number(msg.spm);
      if (msg.tonnage !== undefined) punch.tonnage = Number(msg.tonnage);
      return { ok: true, ...snapshot(msg.machine) };
    }
    case "strokes": {
      if (!punch) return { ok: false, error: "strokes needs machine" };
      punch.strokeCount = (punch.strokeCount + Number(msg.n || 1)) >>> 0;
      return { ok: true, ...snapshot(msg.machine) };
    }
    case "get":
      if (!punch) return { ok: false, error: "get needs machine" };
      return { ok: true, ...snapshot(msg.machine) };
    case "stop":
      await stopServer();
      return { ok: true };
    case "start":
      if (!server) await startServer();
      return { ok: true, port: boundPort };
    case "restart":
      await stopServer();
      await startServer();
      return { ok: true, port: boundPort };
    case "drop":
      // Terminates every channel's TCP connection; sessions survive until their timeout.
      if (server) {
        for (const ep of server.endpoints) {
          for (const ch of ep.getChannels()) await new Promise((r) => ch.close(() => r()));
        }
      }
      return { ok: true };
    case "quit":
      await stopServer();
      reply({ ok: true });
      fs.rmSync(pkiRoot, { recursive: true, force: true });
      process.exit(0);
    default:
      return { ok: false, error: `unknown cmd ${msg.cmd}` };
  }
}

let last = Date.now();
setInterval(() => {
  const now = Date.now();
  tick(now - last);
  last = now;
}, args.tickMs);

for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => {
    stopServer().finally(() => {
      fs.rmSync(pkiRoot, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

await startServer();
// Commands run one at a time, in order.
let queue = Promise.resolve();
const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  if (line.trim() === "") return;
  queue = queue.then(() => handle(line)).then(reply, (e) => reply({ ok: false, error: String(e) }));
});
rl.on("close", () => {
  queue.then(stopServer).finally(() => {
    fs.rmSync(pkiRoot, { recursive: true, force: true });
    process.exit(0);
  });
});
reply({ event: "ready", port: boundPort, endpoint: `opc.tcp://127.0.0.1:${boundPort}`,
        machines: args.machines });
