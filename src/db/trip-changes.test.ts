import { describe, expect, it } from 'vitest';
import { createTripChanges, tripChangesOf } from './trip-changes.js';

describe('trip changes (the only writer’s record of its writes)', () => {
  it('moves a trip’s version on each change, and only that trip’s', () => {
    const changes = createTripChanges();
    const a0 = changes.versionOf('a');
    const b0 = changes.versionOf('b');
    changes.changed('a');
    const a1 = changes.versionOf('a');
    expect(a1).not.toBe(a0);
    expect(changes.versionOf('b')).toBe(b0);
    changes.changed('a');
    expect(changes.versionOf('a')).not.toBe(a1);
    changes.changed(undefined);
    expect(changes.versionOf('b')).toBe(b0);
  });

  it('moves every version on after changedAll, including trips it never saw', () => {
    const changes = createTripChanges();
    changes.changed('a');
    const before = ['a', 'b'].map((id) => changes.versionOf(id));
    changes.changedAll();
    const after = ['a', 'b'].map((id) => changes.versionOf(id));
    expect(after[0]).not.toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
  });

  it('stays bounded: past the limit it forgets, and every version moves on (none is reused)', () => {
    const changes = createTripChanges(3);
    const seen = new Set<string>();
    for (const id of ['a', 'b', 'c']) {
      changes.changed(id);
      seen.add(changes.versionOf(id));
    }
    const a = changes.versionOf('a');
    changes.changed('d');
    expect(changes.versionOf('a')).not.toBe(a);
    for (const id of ['a', 'b', 'c']) expect(seen.has(changes.versionOf(id))).toBe(false);
  });

  it('never repeats another process’s versions (they end up in ETags)', () => {
    expect(createTripChanges().versionOf('a')).not.toBe(createTripChanges().versionOf('a'));
  });

  it('is one record per database, whoever builds stores on it', () => {
    const db = {};
    expect(tripChangesOf(db)).toBe(tripChangesOf(db));
    expect(tripChangesOf({})).not.toBe(tripChangesOf(db));
  });
});
