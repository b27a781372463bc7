/** Why a running attempt was stopped from outside: a cancel, a lost lease, or the queue stopping. */
export type AbortKind = 'canceled' | 'lease-lost' | 'stopping';

/** The abort reason of a transcode attempt's signal. */
export class AttemptAborted extends Error {
  readonly kind: AbortKind;
  constructor(kind: AbortKind) {
    super(`transcode attempt aborted: ${kind}`);
    this.name = 'AttemptAborted';
    this.kind = kind;
  }
}
