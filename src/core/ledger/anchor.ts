/**
 * Where a debt entry is attached in the code. Stored in the entry's front matter; re-resolved on
 * every scan (see `resolveAnchors`), rewritten in the file only by an explicit action.
 */
export interface Anchor {
  /** Repository-relative path, forward slashes. */
  readonly path: string;
  /** Qualified name of the function or class, as the metrics name it (`SessionManager.refresh`). */
  readonly symbol?: string;
  /** 1-based inclusive line range at the time the anchor was written. */
  readonly lines?: readonly [number, number];
  /** Hash of the anchored text, insensitive to whitespace and comments (`anchorFingerprint`). */
  readonly fingerprint?: string;
}
