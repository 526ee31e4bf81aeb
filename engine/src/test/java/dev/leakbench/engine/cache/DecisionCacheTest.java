package dev.leakbench.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.engine.AuthorizationEngine;
import dev.leakbench.engine.CheckResult;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import org.junit.jupiter.api.Test;

class DecisionCacheTest {

    static final String SCHEMA = "type user {} type document { relation viewer: user | user:* }";
    static final ObjectRef DOC = ObjectRef.parse("document:d");
    static final SubjectRef ALICE = SubjectRef.parse("user:alice");

    static DecisionCache.Key key(long revision, String user) {
        return new DecisionCache.Key(revision, DOC, "viewer", SubjectRef.of("user", user));
    }

    @Test
    void staysWithinCapacityAfterManyDistinctKeys() {
        DecisionCache cache = new DecisionCache(100);
        for (int i = 0; i < 5_000; i++) {
            cache.put(key(i % 7, "u" + i), i % 2 == 0);
        }
        cache.cleanUp();
        assertTrue(cache.estimatedSize() <= 100, "size " + cache.estimatedSize());
        assertTrue(cache.evictionCount() >= 4_900, "evictions " + cache.evictionCount());
    }

    @Test
    void engineChecksStayWithinCapacity() {
        try (AuthorizationEngine engine =
                AuthorizationEngine.builder().schema(SCHEMA).cacheCapacity(50).build()) {
            engine.write(RelationTuple.parse("document:d#viewer@user:*"));
            for (int i = 0; i < 1_000; i++) {
                assertTrue(engine.check(DOC, "viewer", SubjectRef.of("user", "u" + i))
                        .allowed());
            }
            engine.cache().cleanUp();
            assertTrue(
                    engine.cache().estimatedSize() <= 50,
                    "size " + engine.cache().estimatedSize());
            assertEquals(1_000, engine.cache().missCount());
            assertEquals(0, engine.cache().hitCount());
        }
    }

    @Test
    void repeatedChecksAtOneRevisionHitAndANewRevisionMisses() {
        try (AuthorizationEngine engine =
                AuthorizationEngine.builder().schema(SCHEMA).build()) {
            long granted = engine.write(RelationTuple.parse("document:d#viewer@user:alice"));
            DecisionCache cache = engine.cache();

            assertEquals(new CheckResult(true, granted), engine.check(DOC, "viewer", ALICE));
            assertEquals(0, cache.hitCount());
            assertEquals(1, cache.missCount());

            assertEquals(new CheckResult(true, granted), engine.check(DOC, "viewer", ALICE));
            assertEquals(new CheckResult(true, granted), engine.check(DOC, "viewer", ALICE, granted));
            assertEquals(2, cache.hitCount());
            assertEquals(1, cache.missCount());

            long revoked = engine.delete(RelationTuple.parse("document:d#viewer@user:alice"));
            // a new revision is a new key: the cached allow cannot answer it
            assertEquals(new CheckResult(false, revoked), engine.check(DOC, "viewer", ALICE));
            assertEquals(2, cache.hitCount());
            assertEquals(2, cache.missCount());

            assertEquals(new CheckResult(true, granted), engine.check(DOC, "viewer", ALICE, granted));
            assertEquals(3, cache.hitCount());
            cache.cleanUp();
            assertEquals(2, cache.estimatedSize());
        }
    }

    @Test
    void everyFieldIsPartOfTheKey() {
        DecisionCache cache = new DecisionCache(10);
        cache.put(new DecisionCache.Key(1, DOC, "viewer", ALICE), true);
        assertEquals(Boolean.TRUE, cache.getIfPresent(new DecisionCache.Key(1, DOC, "viewer", ALICE)));
        assertNull(cache.getIfPresent(new DecisionCache.Key(2, DOC, "viewer", ALICE)));
        assertNull(cache.getIfPresent(new DecisionCache.Key(1, ObjectRef.parse("document:e"), "viewer", ALICE)));
        assertNull(cache.getIfPresent(new DecisionCache.Key(1, DOC, "owner", ALICE)));
        assertNull(cache.getIfPresent(new DecisionCache.Key(1, DOC, "viewer", SubjectRef.parse("user:bob"))));
        assertEquals(1, cache.hitCount());
        assertEquals(4, cache.missCount());
    }

    @Test
    void capacityZeroDisablesCaching() {
        try (AuthorizationEngine engine =
                AuthorizationEngine.builder().schema(SCHEMA).cacheCapacity(0).build()) {
            long rev = engine.write(RelationTuple.parse("document:d#viewer@user:alice"));
            assertFalse(engine.cache().isEnabled());
            for (int i = 0; i < 3; i++) {
                assertEquals(new CheckResult(true, rev), engine.check(DOC, "viewer", ALICE));
            }
            assertEquals(0, engine.cache().estimatedSize());
            assertEquals(0, engine.cache().hitCount());
            assertEquals(0, engine.cache().missCount());
            assertNull(engine.cache().getIfPresent(new DecisionCache.Key(rev, DOC, "viewer", ALICE)));
        }
    }

    @Test
    void defaultsAndInvalidCapacity() {
        try (AuthorizationEngine engine =
                AuthorizationEngine.builder().schema(SCHEMA).build()) {
            assertEquals(10_000, engine.cache().capacity());
            assertTrue(engine.cache().isEnabled());
        }
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class, () -> new DecisionCache(-1));
        assertEquals("cache capacity must be >= 0 (0 disables it), was -1", direct.getMessage());
        IllegalArgumentException builder = assertThrows(
                IllegalArgumentException.class,
                () -> AuthorizationEngine.builder().cacheCapacity(-5));
        assertEquals("cacheCapacity must be >= 0 (0 disables the cache), was -5", builder.getMessage());
    }

    @Test
    void closingTheEngineEmptiesTheCacheButKeepsItReadable() {
        AuthorizationEngine engine =
                AuthorizationEngine.builder().schema(SCHEMA).build();
        engine.write(RelationTuple.parse("document:d#viewer@user:alice"));
        engine.check(DOC, "viewer", ALICE);
        assertEquals(1, engine.cache().estimatedSize());
        engine.close();
        assertEquals(0, engine.cache().estimatedSize());
        assertEquals(1, engine.cache().missCount());
    }
}
