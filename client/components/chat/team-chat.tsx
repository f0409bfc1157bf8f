/** The staff group chat "Équipe" (issue 3). */
export function TeamChat() {
  return null;
}
