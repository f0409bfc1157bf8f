/** The size of a news item: the route's validator and the client's composer share it (runtime-free). */
export const NEWS_TITLE_MAX_CHARS = 200;
export const NEWS_BODY_MAX_CHARS = 10_000;
