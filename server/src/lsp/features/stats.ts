// mesosPuppet/serverStats: memory and event-loop delay, for the soak, the attack suite and the bench to record
// (issue 17: nothing may hold the loop for more than 50 ms). The monitor starts with the first request, so a
// server nobody measures runs no timer for it; each answer covers the time since the previous request.

import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ServerStatsRequest, type ServerStats } from '../../protocol.js';
import type { Feature } from '../session.js';

/** How finely the monitor samples the loop, in ms. */
const RESOLUTION_MS = 10;

/**
 * A full garbage collection, for a caller that asks what the server keeps (the soak). The server runs without heap
 * flags, as the extension starts it, so the collector's entry point is exposed only when first asked for.
 */
function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export const statsFeature: Feature = {
  capabilities: () => ({}),
  register(s) {
    let loop: IntervalHistogram | undefined;
    let gc: (() => void) | undefined;
    s.connection.onRequest(ServerStatsRequest, (params): ServerStats => {
      const started = loop !== undefined;
      loop ??= monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      // The histogram records how late each RESOLUTION_MS tick came, in ns: a 2 s block is one ~2,000 ms sample.
      const max = started && loop.count > 0 ? loop.max / 1e6 : 0;
      const p99 = started && loop.count > 0 ? loop.percentile(99) / 1e6 : 0;
      loop.disable();
      let liveHeapBytes: number | undefined;
      if (params?.collect === true) {
        gc ??= fullCollection();
        gc();
        liveHeapBytes = process.memoryUsage().heapUsed;
      }
      // Reset after the collection: the loop it held was asked for, and is not the server's doing.
      loop.reset();
      loop.enable();
      const m = process.memoryUsage();
      return {
        rssBytes: m.rss,
        heapUsedBytes: m.heapUsed,
        heapTotalBytes: m.heapTotal,
        externalBytes: m.external,
        ...(liveHeapBytes === undefined ? {} : { liveHeapBytes }),
        loopDelayMaxMs: Math.round(max * 10) / 10,
        loopDelayP99Ms: Math.round(p99 * 10) / 10,
      };
    });
  },
};
