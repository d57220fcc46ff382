/**
 * Location of the shared real-device captures (`../shared/fixtures` beside the repository).
 * Tests that read them must use `describe.skipIf(!SHARED_AVAILABLE)` so they are skipped
 * visibly when the folder is absent; never copy these files into the project.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: this file lives in <root>/test/helpers/. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SHARED_DIR: string = path.resolve(REPO_ROOT, '..', 'shared', 'fixtures');

export const SHARED_AVAILABLE: boolean = existsSync(SHARED_DIR);

/** Absolute path of a file under SHARED_DIR, e.g. `sharedFixture('public/ethtool-S/ice')`. */
export function sharedFixture(rel: string): string {
  return path.resolve(SHARED_DIR, rel);
}
