/** No base could be found: no upstream, no `origin/HEAD`, no `main` or `master`; or the given one is unknown or unrelated. */
export class NoReviewBaseError extends Error {
  override readonly name = 'NoReviewBaseError';
}

/** The head is not a commit, or the work tree is asked for with a head that is not HEAD. */
export class ReviewHeadError extends Error {
  override readonly name = 'ReviewHeadError';
}
