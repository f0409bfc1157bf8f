/**
 * The Node host's Platform.schedule: one unref'd timer per task, a run skipped
 * while the previous one is still going, failures logged. `stopAll` (at
 * shutdown) stops every timer and waits for the runs in progress.
 */
export function createTimerScheduler() {
  const stops = new Set<() => Promise<void>>();
  function schedule(name: string, everyMs: number, task: () => Promise<unknown>) {
    let running: Promise<void> | null = null;
    const timer = setInterval(() => {
      if (running) return;
      running = task()
        .then(
          () => {},
          (err) => console.error(`[${name}]`, err),
        )
        .finally(() => (running = null));
    }, everyMs);
    timer.unref();
    const stop = async () => {
      clearInterval(timer);
      stops.delete(stop);
      await running;
    };
    stops.add(stop);
    return () => void stop();
  }
  return {
    schedule,
    stopAll: () => Promise.all([...stops].map((stop) => stop())).then(() => {}),
  };
}
