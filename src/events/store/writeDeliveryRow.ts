import type { DeliveryRecord } from './records.ts';

/** The columns of a delivery in the database stores, beside the ones it is listed by. */
export interface DeliveryRow {
  /** The document, less the lease (which lives in its columns only). */
  doc: string;
  /** When a PENDING delivery is due (epoch ms); null when it is due now or final. */
  nextAttemptAt: number | null;
  leaseOwner: string | null;
  /** Epoch ms. */
  leaseExpiresAt: number | null;
}

/**
 * A delivery as `SqliteEventStore` and `PostgresEventStore` write it. The
 * lease is kept out of the JSON document so that claims and renewals are
 * plain column updates (PostgreSQL's `json` cannot be edited in SQL), and
 * times are epoch milliseconds so that SQL compares them as numbers.
 */
export function writeDeliveryRow(d: DeliveryRecord): DeliveryRow {
  const { leaseOwner, leaseExpiresAt, ...doc } = d;
  return {
    doc: JSON.stringify(doc),
    nextAttemptAt: d.status === 'PENDING' && d.nextAttemptAt !== undefined ? Date.parse(d.nextAttemptAt) : null,
    leaseOwner: leaseOwner ?? null,
    leaseExpiresAt: leaseOwner !== undefined && leaseExpiresAt !== undefined ? Date.parse(leaseExpiresAt) : null,
  };
}
