/** Requests to my organisation waiting for an answer: needs `taskRequests` (branch i12-web-api), not in main yet. */
export function TaskRequests() {
  return null;
}
