/** The client's private chat with their advisor (issue 3 fills this in). */
export function ClientChatPanel() {
  return null;
}
