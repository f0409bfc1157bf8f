/**
 * Identical GETs in flight at once share one request: on a first load several
 * models ask for the same list (the accounts, the savings rate…) in the same
 * tick, and the page should cost the network one answer, not four. Each caller
 * gets its own copy of the answer; nothing is kept once it has arrived, so a
 * later GET asks the server again.
 */
const inFlight = new Map<string, Promise<Response>>();

export function sharedFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  if (method !== 'GET' || init.body != null) return fetch(input, init);
  const key = input instanceof Request ? input.url : String(input);
  let shared = inFlight.get(key);
  if (!shared) {
    shared = fetch(input, init);
    inFlight.set(key, shared);
    const forget = () => inFlight.delete(key);
    shared.then(forget, forget);
  }
  return shared.then((res) => res.clone());
}
