/** The size of a notification staff write: the route's validator and the client's composer share it (runtime-free). */
export const NOTIFICATION_TITLE_MAX_CHARS = 120;
export const NOTIFICATION_BODY_MAX_CHARS = 2000;
