/**
 * The words the event loop and the WAL sync thread share (a SharedArrayBuffer, not messages: a
 * postMessage round trip costs several times what Atomics do). ASKED is the request count the
 * thread waits on; DONE the last request it answered; FAILED 0, or the byte length of the error
 * message written after the words.
 */
export const ASKED = 0;
export const DONE = 1;
export const FAILED = 2;
export const WORDS = 4;
export const MESSAGE_BYTES = 512;
