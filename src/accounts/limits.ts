/** An account's label, as the route checks it and the client's forms bound it (runtime-free). */
export const ACCOUNT_LABEL_MAX_CHARS = 60;
