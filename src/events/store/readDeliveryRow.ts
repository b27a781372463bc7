import type { DeliveryRecord } from './records.ts';

/**
 * A delivery as the database stores return it: its document (parsed) with
 * the lease of its columns put back (see `writeDeliveryRow`). PostgreSQL
 * hands `bigint` columns over as strings; epoch milliseconds fit a double.
 */
export function readDeliveryRow(doc: DeliveryRecord, leaseOwner: string | null, leaseExpiresAt: number | string | null): DeliveryRecord {
  if (leaseOwner === null || leaseExpiresAt === null) return doc;
  return { ...doc, leaseOwner, leaseExpiresAt: new Date(Number(leaseExpiresAt)).toISOString() };
}
