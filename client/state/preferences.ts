/**
 * The person's small choices on this browser: the sound of incoming messages
 * (off by default, remembered in localStorage). The sound is a short two-tone
 * chime made with Web Audio: no file to download, nothing to cache.
 */
import { computed, effect, signal } from '@preact/signals';
import type { ChatModel } from './chat';

const SOUND_KEY = 'avenir.sound';

function chime() {
  try {
    const ctx = new AudioContext();
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.0001, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.15, ctx.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.45);
    for (const [freq, at] of [
      [880, 0],
      [1320, 0.12],
    ] as const) {
      const osc = ctx.createOscillator();
      osc.frequency.value = freq;
      osc.connect(gain);
      osc.start(ctx.currentTime + at);
      osc.stop(ctx.currentTime + at + 0.3);
    }
    setTimeout(() => void ctx.close(), 800);
  } catch {
    // no audio on this device: the message still shows
  }
}

export function createPreferences(chat: ChatModel) {
  const sound = signal(localStorage.getItem(SOUND_KEY) === 'on');
  /** How many chimes played (tests read it: headless browsers have no speakers). */
  const played = signal(0);
  let lastSeq = 0;
  effect(() => {
    const m = chat.lastIncoming.value;
    if (!m || m.seq === lastSeq) return;
    lastSeq = m.seq;
    if (!sound.value) return;
    played.value++;
    chime();
  });
  return {
    sound: computed(() => sound.value),
    soundsPlayed: computed(() => played.value),
    setSound(on: boolean) {
      sound.value = on;
      localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
    },
  };
}
