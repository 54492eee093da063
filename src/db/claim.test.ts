import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.js';
import type { DatabaseHandle } from './client.js';
import { createShareStore } from './shares.js';
import { createUserStore } from './users.js';

for (const target of testDatabases) {
  const title = `claiming due shares on ${target.name}${target.skipReason ? ` (${target.skipReason})` : ''}`;
  describe.skipIf(target.skipReason !== undefined)(title, () => {
    let database: DatabaseHandle;
    const now = new Date('2026-11-24T10:00:00Z');

    beforeAll(async () => {
      database = await target.open();
      const user = await createUserStore(database.db).ensureLocalUser();
      const store = createShareStore(database.db);
      for (let i = 0; i < 12; i++) {
        const share = await store.insert({
          userId: user.id,
          payload: { title: null, text: `https://a.sbbmobile.ch/s/code${i}`, url: null },
          contentHash: `h${i}`,
          receivedAt: new Date(now.getTime() - 3_600_000),
        });
        await store.update(
          share.id,
          { status: 'needs_resolution', resolution: { kind: 'short_link', link: share.text } },
          now,
        );
      }
    });
    afterAll(async () => {
      await database?.close();
    });

    it('gives two concurrent runs disjoint rows, and nothing again until the lease expires', async () => {
      const [a, b] = await Promise.all([
        createShareStore(database.db).claimDue(now, 12, 60_000),
        createShareStore(database.db).claimDue(now, 12, 60_000),
      ]);
      const ids = [...a, ...b].map((s) => s.id);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
      expect(
        await createShareStore(database.db).claimDue(new Date(now.getTime() + 30_000), 12, 60_000),
      ).toHaveLength(0);
      const again = await createShareStore(database.db).claimDue(
        new Date(now.getTime() + 61_000),
        12,
        60_000,
      );
      expect(again).toHaveLength(12);
      expect(again.every((s) => s.attempts === 2)).toBe(true);
    });
  });
}
