// The bench page: exposes each benchmark's in-page half on window.bench for bench/*.mjs.
import { check, fill } from './capacity.ts';
import { registerWorker, workerStats } from './common.ts';
import { diskPeer } from './diskpeers.ts';
import { mainThread } from './mainthread.ts';
import { record, scaleEvict, scaleFill, scaleOpen } from './scale.ts';

const bench = { registerWorker, workerStats, fill, check, mainThread, record, scaleFill, scaleOpen, scaleEvict, diskPeer };

declare global {
  interface Window {
    bench: typeof bench;
  }
}

window.bench = bench;
