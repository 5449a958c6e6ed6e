import { DEFAULT_COUPLING } from '../defaults';

/** The filters of change coupling; all are settings. */
export interface CouplingThresholds {
  /** The mean of the two files' revisions must reach this (code-maat `--min-revs`). */
  readonly minRevisions: number;
  /** Shared revisions must reach this (code-maat `--min-shared-revs`). */
  readonly minShared: number;
  /** Percent; the unrounded degree must reach this (code-maat `--min-coupling`). */
  readonly minDegree: number;
  /** Commits changing more files than this are left out entirely (code-maat `--max-changeset-size`). */
  readonly maxChangesetSize: number;
}

/** Two files that tend to change in the same commits. */
export interface ChangeCoupling {
  /** The lexicographically smaller path. */
  readonly a: string;
  readonly b: string;
  /** Commits (of those kept) that changed both. */
  readonly shared: number;
  /** Percent, 0..100, truncated to an integer as code-maat prints it. */
  readonly degree: number;
  /** The mean of the two files' revisions, rounded up, as code-maat's `average-revs` column. */
  readonly averageRevisions: number;
}

/**
 * Change coupling exactly as code-maat's `coupling` analysis computes it
 * (`code_maat/analysis/logical_coupling.clj`, `coupling_algos.clj`):
 *
 * - Changesets with more than `maxChangesetSize` files are dropped before anything is counted, so
 *   they count neither as shared revisions nor in the revisions of their files.
 * - A file's revisions are the kept changesets that contain it; a pair's shared revisions the kept
 *   changesets that contain both.
 * - degree = shared / mean(revisions a, revisions b) × 100; reported when mean ≥ `minRevisions`,
 *   shared ≥ `minShared` and the unrounded degree ≥ `minDegree`. The reported degree is truncated
 *   (code-maat's `(int coupling)`), so 2 of mean 3 is 66.
 *
 * code-maat tests the MEAN of the two revision counts against `--min-revs`, not each count. Since
 * shared ≤ each file's revisions, both files have at least `minShared` revisions anyway, so with the
 * defaults (5 and 5) "both have ≥ 5 revisions" holds; the two readings differ only when
 * `minRevisions` > `minShared`.
 *
 * Arithmetic is on integers (code-maat uses exact ratios), so no float rounding moves a pair across
 * a threshold. Each changeset must list distinct paths; repeated ones are counted once. The caller
 * decides what a changeset holds (e.g. `HistorySummary.changesets`: current paths, renames followed)
 * and should filter paths before, not after, so that changeset sizes match what is analysed.
 *
 * Sorted by degree (desc), shared (desc), then `a`, then `b`.
 */
export function computeChangeCoupling(
  changesets: Iterable<readonly string[]>,
  thresholds: Partial<CouplingThresholds> = {},
): ChangeCoupling[] {
  const { minRevisions, minShared, minDegree, maxChangesetSize } = { ...DEFAULT_COUPLING, ...thresholds };
  const revisions = new Map<string, number>();
  const shared = new Map<string, Map<string, number>>();
  for (const changeset of changesets) {
    const files = [...new Set(changeset)].sort();
    if (files.length > maxChangesetSize) {
      continue;
    }
    // Unchecked reads in the pair loop: i and j are below files.length.
    for (let i = 0; i < files.length; i++) {
      const a = files[i]!;
      revisions.set(a, (revisions.get(a) ?? 0) + 1);
      if (i === files.length - 1) {
        break;
      }
      let partners = shared.get(a);
      if (partners === undefined) {
        partners = new Map();
        shared.set(a, partners);
      }
      for (let j = i + 1; j < files.length; j++) {
        const b = files[j]!;
        partners.set(b, (partners.get(b) ?? 0) + 1);
      }
    }
  }

  const couplings: ChangeCoupling[] = [];
  // Every file in `shared` was counted in `revisions` with the changeset that paired it.
  for (const [a, partners] of shared) {
    const revisionsA = revisions.get(a)!;
    for (const [b, together] of partners) {
      const sum = revisionsA + revisions.get(b)!;
      // mean = sum / 2; degree = together / mean × 100 = 200 × together / sum.
      if (sum >= 2 * minRevisions && together >= minShared && 200 * together >= minDegree * sum) {
        couplings.push({ a, b, shared: together, degree: Math.floor((200 * together) / sum), averageRevisions: Math.ceil(sum / 2) });
      }
    }
  }
  return couplings.sort((x, y) => y.degree - x.degree || y.shared - x.shared || compare(x.a, y.a) || compare(x.b, y.b));
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
