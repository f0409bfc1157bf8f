import type { Platform } from '../platform';

/** A socket or a stream on the wheel. */
export interface Heartbeat {
  /** Its slot while on the wheel: kept on the member, so an idle connection costs no map entry. */
  wheelSlot: Set<Heartbeat> | null;
  /** Called once a period (`now` from the host's clock); must not wait for anything. */
  beat(now: number): void;
}

/** What a wheel runs on: the host's clock and its heartbeat period (SSE_HEARTBEAT_MS). */
export type HeartbeatHost = Pick<Platform, 'clock' | 'config'>;

const SLOTS = 16;

/**
 * One timer for the heartbeats of every chat socket and event stream of a
 * host, instead of one interval each: members sit in SLOTS slots and one slot
 * is visited every period / SLOTS, so each member beats once a period and the
 * pings of thousands of connections are spread over it. The timer runs only
 * while a member is on the wheel.
 */
export class HeartbeatWheel {
  private readonly slots = Array.from({ length: SLOTS }, () => new Set<Heartbeat>());
  private next = 0;
  private members = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly host: HeartbeatHost) {}

  /** The period every member beats at. */
  get periodMs() {
    return this.host.config.sseHeartbeatMs;
  }

  add(m: Heartbeat) {
    if (m.wheelSlot) return;
    // The slot just visited: its first beat comes a whole period later.
    m.wheelSlot = this.slots[(this.next + SLOTS - 1) % SLOTS];
    m.wheelSlot.add(m);
    if (this.members++ === 0) {
      this.timer = setInterval(() => this.turn(), this.periodMs / SLOTS);
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  remove(m: Heartbeat) {
    if (!m.wheelSlot?.delete(m)) return;
    m.wheelSlot = null;
    if (--this.members === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private turn() {
    const slot = this.slots[this.next];
    this.next = (this.next + 1) % SLOTS;
    const now = this.host.clock.now().getTime();
    for (const m of slot) {
      try {
        m.beat(now);
      } catch (err) {
        console.error('[heartbeat]', err); // one failing member must not stop the others' beats
      }
    }
  }
}

const wheels = new WeakMap<HeartbeatHost, HeartbeatWheel>();

/** The one wheel of a host (its platform, or a Worker Gateway's stream host). */
export function heartbeatWheelOf(host: HeartbeatHost): HeartbeatWheel {
  let wheel = wheels.get(host);
  if (!wheel) wheels.set(host, (wheel = new HeartbeatWheel(host)));
  return wheel;
}
