import type { Rng } from './rng';
import type { Author } from './syntheticAuthors';
import type { SourceFile } from './syntheticCode';

/** The files of the synthetic repository at the commit being written, and how they are picked for change. */

export interface Entry {
  path: string;
  readonly area: string;
  readonly weight: number;
  /** Hand-written code, edited statement by statement; assets carry their text instead. */
  readonly source?: SourceFile;
  text?: string;
  /** fast-import mark of the blob holding the current content. */
  mark: number;
}

/** Weighted sampling over a changing set of keys; the cumulative table is rebuilt lazily. */
class WeightedPool {
  private readonly weights = new Map<string, number>();
  private keys: string[] = [];
  private cumulative = new Float64Array(0);
  private dirty = true;

  set(key: string, weight: number): void {
    this.weights.set(key, weight);
    this.dirty = true;
  }

  delete(key: string): void {
    this.dirty = this.weights.delete(key) || this.dirty;
  }

  sample(rng: Rng): string {
    if (this.dirty) {
      this.keys = [...this.weights.keys()];
      this.cumulative = new Float64Array(this.keys.length);
      let total = 0;
      this.keys.forEach((key, i) => {
        total += this.weights.get(key) ?? 0;
        this.cumulative[i] = total;
      });
      this.dirty = false;
    }
    const roll = rng.next() * (this.cumulative[this.cumulative.length - 1] ?? 0);
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.cumulative[mid] ?? 0) <= roll) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return this.keys[low] as string;
  }
}

export class LiveFiles {
  private readonly live = new Map<string, Entry>();
  private readonly pool = new WeightedPool();
  private readonly areaFiles = new Map<string, Set<string>>();

  get(path: string): Entry | undefined {
    return this.live.get(path);
  }

  has(path: string): boolean {
    return this.live.has(path);
  }

  /** In the order they were added. */
  entries(): IterableIterator<Entry> {
    return this.live.values();
  }

  /** Each area's file paths, areas in the order they first had a file. */
  areas(): IterableIterator<[string, Set<string>]> {
    return this.areaFiles.entries();
  }

  add(entry: Entry): void {
    this.live.set(entry.path, entry);
    if (entry.weight > 0) {
      this.pool.set(entry.path, entry.weight);
    }
    let files = this.areaFiles.get(entry.area);
    if (files === undefined) {
      files = new Set();
      this.areaFiles.set(entry.area, files);
    }
    files.add(entry.path);
  }

  remove(entry: Entry): void {
    this.live.delete(entry.path);
    this.pool.delete(entry.path);
    this.areaFiles.get(entry.area)?.delete(entry.path);
  }

  /** A file to change, weighted by hotness, mostly from the author's home areas. */
  hot(rng: Rng, author: Author): Entry {
    for (let attempt = 0; attempt < 6; attempt++) {
      const entry = this.live.get(this.pool.sample(rng)) as Entry;
      if (author.homeAreas.length === 0 || author.homeAreas.includes(entry.area) || attempt === 5 || !rng.chance(0.65)) {
        return entry;
      }
    }
    return this.live.get(this.pool.sample(rng)) as Entry;
  }

  /** A file likely to change with `entry`: mostly a hand-written one of its area. */
  neighbour(rng: Rng, entry: Entry): Entry {
    const siblings = [...(this.areaFiles.get(entry.area) ?? [])]
      .map((p) => this.live.get(p) as Entry)
      .filter((e) => e.source !== undefined);
    if (siblings.length === 0 || !rng.chance(0.7)) {
      return this.live.get(this.pool.sample(rng)) as Entry;
    }
    return rng.weighted(siblings.map((e) => [e, e.weight + 1e-4] as const));
  }

  /** Any hand-written file that may change. */
  randomSource(rng: Rng): Entry {
    const sources = [...this.live.values()].filter((entry) => entry.source !== undefined && entry.weight > 0);
    return rng.pick(sources);
  }
}
