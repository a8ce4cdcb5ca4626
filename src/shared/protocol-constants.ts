/**
 * The protocol's plain constants, with no imports: the page imports these without pulling zod (whose
 * validator compiler contains `new Function`) into its bundle. src/shared/protocol.ts re-exports them.
 */
export const PROTOCOL_VERSION = 2; // 2: every request carries a requestId and gets one answer or error back with it

/** Limits checked on arrival, before anything is allocated. */
export const LIMITS = {
  maxDatasetBytes: 2 * 1024 ** 3,
  maxPredictRows: 100_000,
  maxEventsPerSecond: 20,
  maxMessageStringLength: 512 * 1024 * 1024,
} as const;
