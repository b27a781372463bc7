/**
 * Port: named secrets, standing in for AWS Secrets Manager (Kinora has
 * none). A packaging group's `authorization.cdnIdentifierSecret` is the ARN
 * of one; `kinora secret put <arn> <value>` stores it. Adapter:
 * `FileSecretStore` (AES-256-GCM at rest in the data dir).
 */
export interface SecretStore {
  get(arn: string): Promise<string | undefined>;
  put(arn: string, value: string): Promise<void>;
  /** False when there was no such secret. */
  delete(arn: string): Promise<boolean>;
  /** ARNs only, never values. */
  list(): Promise<string[]>;
}
