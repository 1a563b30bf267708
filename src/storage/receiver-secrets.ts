/**
 * Secrets with which phones and trackers authenticate to a push receiver (OsmAnd, OwnTracks). A secret belongs
 * to a source, which gives the group and the unknown-device policy; a per-device secret also names the one
 * device identity it may send for. Only a hash of the secret is stored.
 */
export interface ReceiverSecret {
  id: number;
  sourceId: number;
  /** The device identity (as the app sends it) this secret is bound to; null for a source-wide secret. */
  externalId: string | null;
  name: string;
  /** The first characters of the secret, to recognise it in a list. */
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface NewReceiverSecret {
  sourceId: number;
  externalId?: string | null;
  name: string;
  prefix: string;
  secretHash: string;
}

export interface ReceiverSecretStorage {
  createReceiverSecret(input: NewReceiverSecret): Promise<ReceiverSecret>;
  /** The live (not revoked) secret whose hash is `secretHash`, or null. */
  findReceiverSecret(secretHash: string): Promise<ReceiverSecret | null>;
  /** Every secret of a source, revoked ones included, oldest first. */
  listReceiverSecrets(sourceId: number): Promise<ReceiverSecret[]>;
  /** Revokes a live secret of the source; false when there is none with that id. */
  revokeReceiverSecret(id: number, sourceId: number): Promise<boolean>;
}
