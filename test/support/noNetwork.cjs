// Preloaded with `node --require` into the CLI or the language server under test: any attempt to
// open a network connection or resolve a host name is recorded to $VIGIL_NETWORK_LOG and fails.
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const log = process.env.VIGIL_NETWORK_LOG;

function attempt(what) {
  if (log) fs.appendFileSync(log, `${what}\n`);
  throw new Error(`network access attempted: ${what}`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function patchedConnect(...args) {
  const options = args[0];
  // Local IPC paths (pipes, unix sockets) are not network traffic.
  if (options && typeof options === 'object' && typeof options.path === 'string') return connect.apply(this, args);
  if (typeof options === 'string' && !/^\d+$/.test(options)) return connect.apply(this, args);
  return attempt(`socket connect ${JSON.stringify(options)}`);
};
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) {
  dns[name] = (...args) => attempt(`dns.${name} ${String(args[0])}`);
}
globalThis.fetch = async (input) => attempt(`fetch ${String(input)}`);
