/** The limits of a chat message, for the server's validators and the client's composer (runtime-free). */

export const MAX_BODY_CHARS = 4000;
export const MAX_CLIENT_ID_CHARS = 64;

/** Characters as people count them: code points, not UTF-16 units (an emoji is one). */
export const countChars = (s: string) => [...s].length;
