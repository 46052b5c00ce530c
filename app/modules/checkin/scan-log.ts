/** The scan log's page size and the results it filters by, shared by the server and the organisers' page. */
export const SCAN_LOG_PAGE_SIZE = 200;
export const SCAN_RESULTS = ["valid", "already_checked_in", "not_admitted", "cancelled_ticket", "unknown_code", "reverted"] as const;
