/** A private staff note (« Notes internes »): the route's validator and the client's form share it (runtime-free). */
export const NOTE_MAX_CHARS = 2000;
