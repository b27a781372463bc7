/** A content key as the key store keeps it (the key and IV sealed at rest). */
export interface StoredKey {
  kid: Uint8Array;
  key: Uint8Array;
  iv: Uint8Array;
  createdAt: string;
  /** Public signalling kept with the key, as JSON (a SPEKE server's pssh boxes, PlayReady header, key URIs); stored clear, since manifests publish it. */
  meta?: string;
}
