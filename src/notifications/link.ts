/**
 * A notification link is either a path on our own site or an https URL. Anything
 * a browser could read as another origin ("//host", "/\host") or as script is refused.
 */
export function isSafeLink(link: string): boolean {
  if (link.length === 0 || link.length > 2000) return false;
  // No whitespace, controls or backslashes: browsers normalise those into other URLs.
  if (/[\s\x00-\x1f\x7f\\]/.test(link)) return false;
  if (link.startsWith('/')) return !link.startsWith('//');
  if (!URL.canParse(link)) return false;
  const url = new URL(link);
  return url.protocol === 'https:' && !url.username && !url.password && url.hostname !== '';
}

/** Where a push click should land: the link when it is ours, else the notification centre. */
export function inAppUrl(link: string | null): string {
  return link && link.startsWith('/') ? link : '/notifications';
}
