/** A content key as the key store keeps it (the key and IV sealed at rest). */
export interface StoredKey {
  kid: Uint8Array;
  key: Uint8Array;
  iv: Uint8Array;
  createdAt: string;
}
