// Drives the published socket.io-client for the integration tests: connects with the client's defaults
// (long-polling, then upgrade to WebSocket) and prints what happens as one JSON object per line.
"use strict";
const { io } = require("socket.io-client");

const [url, token, onHandshake] = process.argv.slice(2);
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");
// 002 §6.1: the client authenticates with its JWT in the CONNECT packet's auth payload. When reads need a token,
// the Engine.IO handshake carries it too (?access_token=), as every live channel's opening request must.
const options = { reconnection: false };
if (token) options.auth = { token };
if (token && onHandshake === "handshake") options.query = { access_token: token };
// A board to join, on the handshake's query or in CONNECT's auth (JSON objects merged into those options).
if (process.env.SIO_QUERY) options.query = { ...(options.query || {}), ...JSON.parse(process.env.SIO_QUERY) };
if (process.env.SIO_AUTH) options.auth = { ...(options.auth || {}), ...JSON.parse(process.env.SIO_AUTH) };
const socket = io(url, options);

// The engine opens (handshake) before the Socket.IO connect, and may upgrade before or after it.
socket.io.on("open", () => {
  print({ kind: "open", transport: socket.io.engine.transport.name });
  socket.io.engine.on("upgrade", (transport) => print({ kind: "upgrade", transport: transport.name }));
});
socket.on("connect", () => print({ kind: "connect", transport: socket.io.engine.transport.name }));
socket.on("connect_error", (error) => print({ kind: "connect_error", message: error.message }));
socket.on("disconnect", (reason) => print({ kind: "disconnect", reason }));
socket.onAny((name, data) => print({ kind: "event", name, data }));

// The test ends the client by closing stdin.
process.stdin.on("end", () => { socket.close(); process.exit(0); });
process.stdin.resume();
