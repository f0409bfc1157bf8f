/**
 * A notification link stays inside the app: a path of our own site (`/…`), or an
 * https URL on APP_URL's origin. Anything a browser could read as another origin
 * ("//host", "/\host", "https://avenir.test.evil.com", "https://avenir.test@evil.com"),
 * as script (javascript:, data:) or as plain http is refused.
 */

/** Whitespace, controls, backslashes and invisible or bidi characters: browsers rewrite or hide them. */
const UNSAFE_CHARS = /[\s\x00-\x1f\x7f\\\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/** The in-app path (with query and hash) a link leads to, or null when it is not one of ours. */
export function appPathOf(link: string, appOrigin: string): string | null {
  if (link.length === 0 || link.length > 2000 || UNSAFE_CHARS.test(link)) return null;
  if (link.startsWith('/')) return link.startsWith('//') ? null : link;
  if (!/^https:\/\//i.test(link) || !URL.canParse(link)) return null;
  const url = new URL(link);
  if (url.username || url.password || url.origin !== appOrigin) return null;
  return url.pathname + url.search + url.hash;
}

export const isSafeLink = (link: string, appOrigin: string) => appPathOf(link, appOrigin) !== null;

/** Where a push click should land: the link's in-app path, else the notification centre. */
export function inAppUrl(link: string | null, appOrigin: string): string {
  return (link && appPathOf(link, appOrigin)) || '/notifications';
}
