/** The bank's live news feed (issue 4). */
export function NewsFeed() {
  return null;
}
