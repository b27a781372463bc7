/**
 * A webhook configured by name, for targets `arn:kinora:webhook:::<name>`:
 * the URL (and headers such as an authorization token) stay in Kinora's
 * configuration instead of in rules anyone with PutTargets can read.
 */
export interface NamedWebhook {
  url: string;
  headers?: Record<string, string>;
}
