// Opens a better-sqlite3 connection, for the writer and the reader alike, naming the native
// addon's file itself. better-sqlite3 finds it through the `bindings` package otherwise, which
// searches from the caller's own file: from inside the bundle in dist/bundle/ it would look in
// the wrong place. Naming it lets the bundle carry better-sqlite3's JavaScript, which saves the
// CLI and the daemon loading its files one by one (issue #6).
import { createRequire } from 'node:module';

import Database from 'better-sqlite3';

const NATIVE_BINDING = createRequire(import.meta.url).resolve(
  'better-sqlite3/build/Release/better_sqlite3.node',
);

/** `new Database(path, options)`, with the native addon named. */
export function openDatabase(path: string, options: Database.Options = {}): Database.Database {
  return new Database(path, { ...options, nativeBinding: NATIVE_BINDING });
}
