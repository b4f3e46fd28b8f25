// Inference sessions are expensive to make (the first one also compiles the runtime: ~1 s) and
// cheap to run, so they are created once per model shape and shared: by every backend on the same
// formula, across datasets, learning rates and schedules (those are inputs, not graph).
import { Ort, OrtSession, OrtSessionOptions } from './ort-types';
import { SerialQueue } from '../serial-queue';

interface Entry {
  session: Promise<OrtSession>;
  users: number;
  lastUsed: number;
}

/** Sessions nobody uses are kept for reuse up to this many per runtime, least recently used first out. */
export const IDLE_SESSIONS_KEPT = 8;

const caches = new WeakMap<Ort, Map<string, Entry>>();
/** The WebGPU provider refuses to create two sessions at once ("another WebGPU EP inference session is being created"). */
const creating = new WeakMap<Ort, SerialQueue>();
let clock = 0;

function createInTurn(ort: Ort, make: () => Promise<OrtSession>): Promise<OrtSession> {
  let queue = creating.get(ort);
  if (!queue) creating.set(ort, (queue = new SerialQueue()));
  return queue.run(make);
}

function cacheFor(ort: Ort): Map<string, Entry> {
  let cache = caches.get(ort);
  if (!cache) {
    cache = new Map();
    caches.set(ort, cache);
  }
  return cache;
}

/** A session shared through the cache; `release()` once done with it. */
export interface SessionLease {
  readonly session: Promise<OrtSession>;
  release(): void;
}

/**
 * The session for `key` (an execution provider plus a model key), made with `build()` and
 * `options` the first time. A failed creation is not cached, so a later call tries again.
 */
export function leaseSession(ort: Ort, key: string, build: () => Uint8Array, options: OrtSessionOptions): SessionLease {
  const cache = cacheFor(ort);
  let entry = cache.get(key);
  if (!entry) {
    const created: Entry = {
      session: createInTurn(ort, () => ort.InferenceSession.create(build(), options)),
      users: 0,
      lastUsed: 0,
    };
    created.session.catch(() => {
      if (cache.get(key) === created) cache.delete(key);
    });
    cache.set(key, created);
    entry = created;
  }
  const leased = entry;
  leased.users++;
  leased.lastUsed = ++clock;
  let released = false;
  return {
    session: leased.session,
    release: () => {
      if (released) return;
      released = true;
      leased.users--;
      leased.lastUsed = ++clock;
      trimIdle(cache);
    },
  };
}

function trimIdle(cache: Map<string, Entry>): void {
  const idle = [...cache.entries()].filter(([, e]) => e.users === 0).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
  for (const [key, entry] of idle.slice(0, Math.max(0, idle.length - IDLE_SESSIONS_KEPT))) {
    cache.delete(key);
    entry.session.then((s) => s.release()).catch(() => undefined);
  }
}

/** Releases every idle session of this runtime (tests, or a page being torn down). */
export async function releaseIdleSessions(ort: Ort): Promise<void> {
  const cache = cacheFor(ort);
  const idle = [...cache.entries()].filter(([, e]) => e.users === 0);
  for (const [key] of idle) cache.delete(key);
  await Promise.all(idle.map(([, e]) => e.session.then((s) => s.release()).catch(() => undefined)));
}

/** How many sessions this runtime holds, used or idle (for tests). */
export function sessionCount(ort: Ort): number {
  return cacheFor(ort).size;
}
