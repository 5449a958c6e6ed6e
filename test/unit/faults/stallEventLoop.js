// Preloaded (mocha --require) by flakyTest.test.ts: a machine that stalls, as a shared CI runner
// does under load or in a long GC pause. The event loop is blocked for 250 ms every 100 ms, so a
// test that races a real 80 or 200 ms deadline loses; a test on an injected clock does not notice.
const STALL_MS = 250;
setInterval(() => {
  const end = Date.now() + STALL_MS;
  while (Date.now() < end) {
    // busy: nothing else runs on this thread meanwhile
  }
}, 100).unref();
