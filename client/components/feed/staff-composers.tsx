/** News composer and notification composer for staff (issue 4). */
export function StaffComposers() {
  return null;
}
