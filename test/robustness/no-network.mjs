// Preloaded with `node --import` by the network test: every way Node opens a connection or looks a
// name up throws, and the attempt is appended to the file named by LINT500_NET_LOG (one line each).
import { appendFileSync } from 'node:fs';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import dgram from 'node:dgram';

const log = process.env.LINT500_NET_LOG;
function blocked(what) {
  return function () {
    const line = `${what} ${JSON.stringify([...arguments].filter((a) => typeof a !== 'function').map(String))}\n`;
    if (log) appendFileSync(log, line);
    throw new Error(`network access blocked in test: ${what}`);
  };
}

net.Socket.prototype.connect = blocked('net.Socket.connect');
net.connect = net.createConnection = blocked('net.connect');
tls.connect = blocked('tls.connect');
http.request = http.get = blocked('http.request');
https.request = https.get = blocked('https.request');
dgram.createSocket = blocked('dgram.createSocket');
for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveSrv', 'resolveTxt', 'reverse']) {
  dns[k] = blocked(`dns.${k}`);
  if (dns.promises[k]) dns.promises[k] = blocked(`dns.promises.${k}`);
}
if (typeof globalThis.fetch === 'function') globalThis.fetch = blocked('fetch');
if (typeof globalThis.WebSocket === 'function') globalThis.WebSocket = blocked('WebSocket');
