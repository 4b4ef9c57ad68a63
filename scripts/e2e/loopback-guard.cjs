/* global require, process, setInterval */
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';
// Preloaded (`node -r scripts/e2e/loopback-guard.cjs ...`) into every Node process the e2e harness
// spawns (the Agents Playground CLI, the bot under test). It keeps them loopback-only:
//
//  * every TCP server listens on 127.0.0.1, whatever host (or none) the program asked for
//    (the playground calls `server.listen(port)`, which would bind all interfaces);
//  * every outbound TCP connection to anything but loopback fails at once with ECONNREFUSED
//    instead of leaving the machine. The playground's bundled Application Insights SDK probes
//    the Azure metadata endpoint (169.254.169.254) and *.applicationinsights.azure.com at
//    start-up, even with --disable-telemetry; this stops those packets before they are sent.
//
// Each refused connection or rewritten listen is reported on stderr with the prefix
// "[loopback-guard]" so the harness can surface it.
//
// With $E2E_PARENT_PID set (the harness sets it to its own pid), the process also exits within
// ~2 s once that process is gone, so a killed jest leaves no orphan behind.
const net = require('net');

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(?:\.\d{1,3}){3})$/i;
const report = (msg) => {
  try {
    process.stderr.write(`[loopback-guard] ${msg}\n`);
  } catch {
    /* stderr closed */
  }
};

const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function guardedListen(...args) {
  const first = args[0];
  if (args.length === 0 || typeof first === 'function') {
    args.unshift({ port: 0, host: '127.0.0.1' });
  } else if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    // listen(options[, cb]); leave handles and unix sockets alone
    if (first.path === undefined && first.fd === undefined && first._handle === undefined && first.handle === undefined) {
      if (first.host && !LOOPBACK.test(first.host)) report(`listen host ${first.host} rewritten to 127.0.0.1`);
      if (!first.host || !LOOPBACK.test(first.host)) args[0] = { ...first, host: '127.0.0.1' };
    }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, cb])
    if (typeof args[1] === 'string') {
      if (!LOOPBACK.test(args[1])) {
        report(`listen host ${args[1]} rewritten to 127.0.0.1`);
        args[1] = '127.0.0.1';
      }
    } else {
      args.splice(1, 0, '127.0.0.1');
    }
  }
  return originalListen.apply(this, args);
};

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  let options = args[0];
  if (Array.isArray(options)) options = options[0]; // net.connect() passes normalized [options, cb]
  if (typeof options === 'number' || typeof options === 'string') options = { port: options, host: args[1] };
  const host = options && typeof options === 'object' ? options.host : undefined;
  const isPipe = options && typeof options === 'object' && options.path !== undefined;
  if (!isPipe && host && !LOOPBACK.test(String(host))) {
    report(`blocked outbound connection to ${host}:${options.port}`);
    const err = Object.assign(new Error(`loopback-guard: outbound connection to ${host}:${options.port} blocked`), {
      code: 'ECONNREFUSED',
    });
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return originalConnect.apply(this, args);
};

const parentPid = Number(process.env.E2E_PARENT_PID);
if (Number.isInteger(parentPid) && parentPid > 1) {
  const timer = setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch (e) {
      if (e && e.code === 'ESRCH') {
        report(`harness process ${parentPid} is gone; exiting`);
        process.exit(1);
      }
    }
  }, 2000);
  timer.unref();
}
