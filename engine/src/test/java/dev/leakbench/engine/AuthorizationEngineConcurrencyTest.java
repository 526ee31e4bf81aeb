package dev.leakbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.store.RevisionCompactedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writers grant and revoke while checkers run. Every check result is kept with the revision it
 * answered for, and afterwards compared with what the writers' logs say was true at that revision:
 * any stale allow (a revocation not yet seen, e.g. served from the cache) or stale deny fails.
 *
 * <p>Access to {@code document:dI} for {@code user:uJ} via {@code can_view = viewer - banned} is
 * {@code (direct viewer tuple || member of group:gI) && !banned}: writer A toggles the direct tuples,
 * writer B toggles group membership and bans, so each answer depends on both writers' interleaving.
 */
class AuthorizationEngineConcurrencyTest {

    static final String SCHEMA = """
            type user {}
            type group { relation member: user }
            type document {
              relation banned: user
              relation viewer: user | group#member
              relation can_view = viewer - banned
            }
            """;

    static final int DOCS = 3;
    static final int USERS = 4;
    static final long RUN_MILLIS = 700;
    static final int MAX_OPS_PER_THREAD = 200_000;

    /** A change a writer made: {@code key} became {@code value} at {@code revision}. */
    record Event(long revision, String key, boolean value) {}

    /** A check answer: can_view on dI for uJ at {@code revision}. */
    record Answer(int doc, int user, long revision, boolean allowed) {}

    static ObjectRef doc(int d) {
        return ObjectRef.of("document", "d" + d);
    }

    static SubjectRef user(int u) {
        return SubjectRef.of("user", "u" + u);
    }

    static RelationTuple direct(int d, int u) {
        return new RelationTuple(doc(d), "viewer", user(u));
    }

    static RelationTuple membership(int d, int u) {
        return new RelationTuple(ObjectRef.of("group", "g" + d), "member", user(u));
    }

    static RelationTuple ban(int d, int u) {
        return new RelationTuple(doc(d), "banned", user(u));
    }

    @ParameterizedTest(name = "cache capacity {0}")
    @ValueSource(longs = {64, 10_000, 0})
    void noCheckEverContradictsTheRevisionItAnsweredFor(long cacheCapacity) throws InterruptedException {
        try (AuthorizationEngine engine = AuthorizationEngine.builder()
                .schema(SCHEMA)
                .cacheCapacity(cacheCapacity)
                .build()) {
            List<RelationTuple> setup = new ArrayList<>();
            for (int d = 0; d < DOCS; d++) {
                setup.add(new RelationTuple(doc(d), "viewer", SubjectRef.userset("group", "g" + d, "member")));
            }
            long start = engine.write(setup.toArray(RelationTuple[]::new));

            List<List<Event>> writerLogs = List.of(new ArrayList<>(), new ArrayList<>());
            List<List<Answer>> answers = List.of(new ArrayList<>(), new ArrayList<>());
            Map<String, Throwable> failures = new ConcurrentHashMap<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Long> compactedSkips = new AtomicReference<>(0L);

            List<Thread> threads = new ArrayList<>();
            threads.add(worker("writer-direct", go, failures, () -> {
                Random random = new Random(1);
                boolean[][] granted = new boolean[DOCS][USERS];
                for (int i = 0; i < MAX_OPS_PER_THREAD && System.nanoTime() < deadline; i++) {
                    int d = random.nextInt(DOCS);
                    int u = random.nextInt(USERS);
                    boolean grant = !granted[d][u];
                    long rev = grant ? engine.write(direct(d, u)) : engine.delete(direct(d, u));
                    granted[d][u] = grant;
                    writerLogs.get(0).add(new Event(rev, "direct:" + d + ":" + u, grant));
                }
            }));
            threads.add(worker("writer-groups", go, failures, () -> {
                Random random = new Random(2);
                boolean[][] member = new boolean[DOCS][USERS];
                boolean[][] banned = new boolean[DOCS][USERS];
                for (int i = 0; i < MAX_OPS_PER_THREAD && System.nanoTime() < deadline; i++) {
                    int d = random.nextInt(DOCS);
                    int u = random.nextInt(USERS);
                    if (random.nextInt(4) == 0) {
                        boolean on = !banned[d][u];
                        long rev = on ? engine.write(ban(d, u)) : engine.delete(ban(d, u));
                        banned[d][u] = on;
                        writerLogs.get(1).add(new Event(rev, "banned:" + d + ":" + u, on));
                    } else {
                        boolean on = !member[d][u];
                        long rev = on ? engine.write(membership(d, u)) : engine.delete(membership(d, u));
                        member[d][u] = on;
                        writerLogs.get(1).add(new Event(rev, "member:" + d + ":" + u, on));
                    }
                }
            }));
            for (int c = 0; c < 2; c++) {
                int checker = c;
                threads.add(worker("checker-" + c, go, failures, () -> {
                    Random random = new Random(10 + checker);
                    List<Answer> mine = answers.get(checker);
                    long skipped = 0;
                    for (int i = 0; i < MAX_OPS_PER_THREAD && System.nanoTime() < deadline; i++) {
                        int d = random.nextInt(DOCS);
                        int u = random.nextInt(USERS);
                        if (random.nextInt(4) == 0) {
                            // an explicit recent revision: the cache holds many of these
                            long rev = Math.max(start, engine.currentRevision() - random.nextInt(20));
                            try {
                                mine.add(new Answer(
                                        d,
                                        u,
                                        rev,
                                        engine.check(doc(d), "can_view", user(u), rev)
                                                .allowed()));
                            } catch (RevisionCompactedException e) {
                                skipped++;
                            }
                        } else {
                            CheckResult r = engine.check(doc(d), "can_view", user(u));
                            mine.add(new Answer(d, u, r.revision(), r.allowed()));
                        }
                    }
                    compactedSkips.accumulateAndGet(skipped, Long::sum);
                }));
            }
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
                assertTrue(!t.isAlive(), t.getName() + " did not stop");
            }
            if (!failures.isEmpty()) {
                Map.Entry<String, Throwable> first =
                        failures.entrySet().iterator().next();
                throw new AssertionError(first.getKey() + " failed", first.getValue());
            }

            Map<String, TreeMap<Long, Boolean>> history = new HashMap<>();
            for (List<Event> log : writerLogs) {
                for (Event e : log) {
                    history.computeIfAbsent(e.key(), k -> new TreeMap<>()).put(e.revision(), e.value());
                }
            }
            long allowed = 0;
            long denied = 0;
            long revoked = 0;
            for (List<Answer> list : answers) {
                for (Answer a : list) {
                    boolean truth = (at(history, "direct:" + a.doc() + ":" + a.user(), a.revision())
                                    || at(history, "member:" + a.doc() + ":" + a.user(), a.revision()))
                            && !at(history, "banned:" + a.doc() + ":" + a.user(), a.revision());
                    if (a.allowed() != truth) {
                        fail((a.allowed() ? "stale ALLOW" : "stale DENY") + ": document:d" + a.doc()
                                + "#can_view@user:u"
                                + a.user() + " at revision " + a.revision() + " answered " + a.allowed()
                                + " but the writers' logs say " + truth);
                    }
                    if (a.allowed()) {
                        allowed++;
                    } else {
                        denied++;
                        revoked += wasEverGranted(history, a) ? 1 : 0;
                    }
                }
            }
            long writes = writerLogs.get(0).size() + writerLogs.get(1).size();
            // a run that verified nothing interesting must not pass
            assertTrue(writes > 100, "writes: " + writes);
            assertTrue(allowed > 100, "allowed answers: " + allowed);
            assertTrue(revoked > 100, "denied answers after an earlier grant: " + revoked);
            assertEquals(start + writes, engine.currentRevision(), "one revision per write");
            if (cacheCapacity > 0) {
                engine.cache().cleanUp();
                assertTrue(engine.cache().estimatedSize() <= cacheCapacity);
                assertTrue(engine.cache().hitCount() > 0, "the cache answered some checks");
            }
            System.out.printf(
                    "capacity %d: %d writes, %d allowed, %d denied (%d after a grant), %d compacted skips, %s%n",
                    cacheCapacity, writes, allowed, denied, revoked, compactedSkips.get(), engine.cache());
        }
    }

    static boolean at(Map<String, TreeMap<Long, Boolean>> history, String key, long revision) {
        TreeMap<Long, Boolean> h = history.get(key);
        if (h == null) {
            return false;
        }
        Map.Entry<Long, Boolean> e = h.floorEntry(revision);
        return e != null && e.getValue();
    }

    static boolean wasEverGranted(Map<String, TreeMap<Long, Boolean>> history, Answer a) {
        TreeMap<Long, Boolean> direct = history.get("direct:" + a.doc() + ":" + a.user());
        TreeMap<Long, Boolean> member = history.get("member:" + a.doc() + ":" + a.user());
        return (direct != null && direct.headMap(a.revision(), true).containsValue(true))
                || (member != null && member.headMap(a.revision(), true).containsValue(true));
    }

    static Thread worker(String name, CountDownLatch go, Map<String, Throwable> failures, Runnable body) {
        Thread t = new Thread(
                () -> {
                    try {
                        go.await();
                        body.run();
                    } catch (Throwable e) {
                        failures.put(name, e);
                    }
                },
                name);
        t.setDaemon(true);
        return t;
    }
}
