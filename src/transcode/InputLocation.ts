/** Where a job's input lives. */
export type InputLocation =
  | { kind: 's3'; bucket: string; key: string }
  | { kind: 'file'; path: string }
  | { kind: 'https'; url: URL };

/** Which inputs a transcoder accepts besides `s3://` objects of its own store. */
export interface InputPolicy {
  /** Absolute local paths / `file://` URLs (the CLI's case). Off by default: an API caller must not make the server read its disk. */
  allowLocalFiles: boolean;
  /** Hosts `https://` inputs may come from: exact names, or `*.example.com` for any subdomain. Empty: no URL inputs. */
  allowedHttpsHosts: string[];
}
