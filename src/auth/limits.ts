/** A passkey's name, as the route checks it and the security page bounds it (runtime-free). */
export const PASSKEY_NAME_MAX_CHARS = 60;
