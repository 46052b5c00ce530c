/**
 * What a scanner device keeps to check tickets without a network (IndexedDB), as the server sends it. Shared by
 * the server and the scanner; no server code in here.
 */
export type OfflineTicket = {
  /** SHA-256 of the ticket secret, base64url, 22 characters: the device never holds a secret that admits anyone. */
  h: string;
  name: string;
  organisation: string;
  reference: string;
  ticketType: string;
  bookings: string[];
  /** Already checked in on this list when the device downloaded it. */
  checkedIn: boolean;
};

export type OfflineList = {
  listId: string;
  eventId: string;
  name: string;
  openToSignedTickets: boolean;
  keys: { id: string; publicKey: string; retired: boolean }[];
  tickets: OfflineTicket[];
  revoked: string[];
  generatedAt: string;
};
