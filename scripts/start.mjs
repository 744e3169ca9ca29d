// npm start: builds the demo and serves it with `vite preview`, in this process, so stopping
// this process (Ctrl+C, or a kill of its pid) stops the server with it: no server left behind.
// A taken port is a message naming it and how to pick another, not a stack trace.
// Usage: node scripts/start.mjs [--port N]   (or PORT=N npm start)
import { build, preview } from 'vite';

const flag = process.argv.indexOf('--port');
const port = Number(flag >= 0 ? process.argv[flag + 1] : (process.env.PORT ?? 4173));
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`npm start: --port must be a port number (1-65535), got ${process.argv[flag + 1] ?? process.env.PORT}`);
  process.exit(2);
}

await build({ logLevel: 'warn' });
let server;
try {
  server = await preview({ preview: { port, strictPort: true } });
} catch (error) {
  if (/port .* is already in use|EADDRINUSE/i.test(String(error?.message ?? error))) {
    console.error(`npm start: port ${port} is already in use (another \`vite preview\`?).\n` +
      `Stop that server, or pick another port: PORT=4180 npm start  (or: npm start -- --port 4180)`);
    process.exit(1);
  }
  throw error;
}
server.printUrls();

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop());
// `npm start` killed by its pid does not pass the signal on: the server would outlive it,
// holding the port. An orphaned server (its parent gone) stops itself within a second.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop();
}, 1000).unref();
