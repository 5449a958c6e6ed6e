import picomatch from 'picomatch';
import { countLines, looksMachineWritten, looksMinified } from './sourceShape';

/**
 * Why a file is left out of the ranking; it still appears in the report with its history.
 * `oversized`: larger than the scan's byte limit, so never read or parsed.
 */
export type ExclusionReason = 'lockfile' | 'minified' | 'generated' | 'vendored' | 'userExclude' | 'oversized';

const LOCK_FILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'bun.lock',
  'composer.lock',
  'Gemfile.lock',
  'Cargo.lock',
  'poetry.lock',
  'Pipfile.lock',
  'go.sum',
  'packages.lock.json',
  'mix.lock',
  'pubspec.lock',
  'flake.lock',
]);

const VENDORED_SEGMENTS = new Set(['node_modules', 'vendor', 'vendors', 'third_party', 'third-party', 'thirdparty', 'bower_components', 'jspm_packages', 'external', 'externals']);
const GENERATED_SEGMENTS = new Set(['dist', 'build', 'out', 'coverage', 'generated', '__generated__', '.next', '.nuxt', '.output', '.svelte-kit', 'storybook-static']);
const MINIFIED_NAME = /[.-]min\.(?:js|mjs|cjs|css)$|\.bundle\.js$|\.chunk\.js$/i;
const GENERATED_NAME = /\.(?:generated|gen|g|pb)\.(?:ts|tsx|js|jsx|mjs|cjs|go|cs|py)$|_pb2?\.(?:js|ts|py)$|\.d\.ts\.map$|\.js\.map$|\.snap$/i;

/**
 * Decides which paths are ranked. The defaults follow what the metrics guide leaves out
 * (generated, vendored, minified and lock files); `excludes` are the user's globs, matched against
 * repository-relative paths with forward slashes (`**` crosses folders, dotfiles included).
 */
export function createPathFilter(excludes: readonly string[] = []): (path: string) => ExclusionReason | undefined {
  const userMatch = excludes.length > 0 ? picomatch([...excludes], { dot: true }) : undefined;
  return (path: string): ExclusionReason | undefined => {
    const segments = path.split('/');
    const name = segments[segments.length - 1] ?? path;
    if (userMatch?.(path)) {
      return 'userExclude';
    }
    if (LOCK_FILES.has(name)) {
      return 'lockfile';
    }
    if (MINIFIED_NAME.test(name)) {
      return 'minified';
    }
    const folders = segments.slice(0, -1);
    if (folders.some((segment) => VENDORED_SEGMENTS.has(segment))) {
      return 'vendored';
    }
    if (GENERATED_NAME.test(name) || folders.some((segment) => GENERATED_SEGMENTS.has(segment))) {
      return 'generated';
    }
    return undefined;
  };
}

/**
 * Content-based check for files the path alone does not give away: a generated-code banner in the
 * first lines, one enormous line (minified), or the repeated line shapes of machine-written code
 * (see src/core/hotspots/sourceShape.ts for the exact rules).
 */
export function looksGeneratedOrMinified(text: string): ExclusionReason | undefined {
  const head = text.slice(0, 1024);
  if (/@generated\b|\bDO NOT EDIT\b|auto-?generated (?:by|file|code)|This file was automatically generated/i.test(head)) {
    return 'generated';
  }
  if (text.length > 2048) {
    const lines = countLines(text);
    if (looksMinified(text.length, lines)) {
      return 'minified';
    }
    if (looksMachineWritten(text, lines)) {
      return 'generated';
    }
  }
  return undefined;
}
