package dev.leakbench.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.engine.AuthorizationEngine;
import dev.leakbench.engine.ExpandNode;
import dev.leakbench.engine.ExpandResult;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Evaluation terminates on cyclic data and stops, with a clear error, at the depth limit. */
class DepthAndCycleTest {

    static final String SCHEMA = """
            type user {}
            type group { relation member: user | group#member }
            type folder {
              relation parent: folder
              relation viewer: user = this | viewer from parent
            }
            """;

    static final SubjectRef ROOT = SubjectRef.parse("user:root");

    static AuthorizationEngine engine(int maxDepth) {
        return AuthorizationEngine.builder().schema(SCHEMA).maxDepth(maxDepth).build();
    }

    /** folder:f0 has viewer user:root; folder:fi's parent is folder:f(i-1). */
    static void writeChain(AuthorizationEngine engine, int length) {
        List<RelationTuple> tuples = new ArrayList<>();
        tuples.add(RelationTuple.parse("folder:f0#viewer@user:root"));
        for (int i = 1; i <= length; i++) {
            tuples.add(RelationTuple.parse("folder:f" + i + "#parent@folder:f" + (i - 1)));
        }
        engine.write(tuples.toArray(RelationTuple[]::new));
    }

    static ObjectRef folder(int i) {
        return ObjectRef.of("folder", "f" + i);
    }

    @Test
    void aChainExactlyAsDeepAsTheLimitIsEvaluated() {
        try (AuthorizationEngine engine = engine(32)) {
            writeChain(engine, 40);
            // folder:f31#viewer reaches folder:f0#viewer in 32 steps, counting both ends
            assertTrue(engine.check(folder(31), "viewer", ROOT).allowed());
            assertEquals(Set.of(ROOT), engine.expand(folder(31), "viewer", 10).subjects());
        }
    }

    @Test
    void oneStepBeyondTheLimitThrowsNamingLimitAndStart() {
        try (AuthorizationEngine engine = engine(32)) {
            writeChain(engine, 40);
            DepthExceededException e =
                    assertThrows(DepthExceededException.class, () -> engine.check(folder(32), "viewer", ROOT));
            assertEquals(
                    "depth limit of 32 exceeded while checking user:root on folder:f32#viewer: more than 32"
                            + " nested object#relation steps (deepest: folder:f1#viewer); cycles are cut, so the graph really"
                            + " is this deep: flatten it or raise maxDepth",
                    e.getMessage());
            assertEquals(32, e.limit());
            assertEquals(folder(32), e.start());
            assertEquals("viewer", e.startRelation());

            DepthExceededException expand =
                    assertThrows(DepthExceededException.class, () -> engine.expand(folder(40), "viewer", 10));
            assertEquals(
                    "depth limit of 32 exceeded while expanding folder:f40#viewer: more than 32 nested"
                            + " object#relation steps (deepest: folder:f9#viewer); cycles are cut, so the graph really is"
                            + " this deep: flatten it or raise maxDepth",
                    expand.getMessage());
        }
    }

    @Test
    void theLimitIsConfigurable() {
        try (AuthorizationEngine engine = engine(3)) {
            writeChain(engine, 5);
            assertTrue(engine.check(folder(2), "viewer", ROOT).allowed());
            DepthExceededException e =
                    assertThrows(DepthExceededException.class, () -> engine.check(folder(3), "viewer", ROOT));
            assertTrue(
                    e.getMessage().startsWith("depth limit of 3 exceeded while checking user:root on folder:f3#viewer"),
                    e.getMessage());
        }
    }

    @Test
    void theHighestLimitOnAVeryDeepChainThrowsInsteadOfOverflowingASmallStack() throws InterruptedException {
        try (AuthorizationEngine engine = engine(Evaluator.MAX_DEPTH_LIMIT)) {
            writeChain(engine, 5000);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            // 512 KiB: half the default thread stack, so the cap has room to spare
            Thread small = new Thread(
                    null,
                    () -> {
                        try {
                            engine.check(folder(5000), "viewer", SubjectRef.parse("user:nobody"));
                        } catch (Throwable t) {
                            thrown.set(t);
                        }
                    },
                    "small-stack",
                    512 * 1024);
            small.start();
            small.join();
            DepthExceededException e = assertInstanceOf(DepthExceededException.class, thrown.get());
            assertEquals(512, e.limit());
        }
    }

    @Test
    void groupsThatContainEachOtherTerminate() {
        try (AuthorizationEngine engine = engine(32)) {
            engine.write(
                    RelationTuple.parse("group:a#member@group:b#member"),
                    RelationTuple.parse("group:b#member@group:a#member"),
                    RelationTuple.parse("group:s#member@group:s#member"));
            SubjectRef x = SubjectRef.parse("user:x");
            assertFalse(engine.check(ObjectRef.parse("group:a"), "member", x).allowed());
            assertFalse(engine.check(ObjectRef.parse("group:s"), "member", x).allowed());
            ExpandResult a = engine.expand(ObjectRef.parse("group:a"), "member", 10);
            assertEquals(Set.of(), a.subjects());
            assertFalse(a.truncated());
            assertEquals(
                    new ExpandNode.Leaf(
                            ObjectRef.parse("group:a"), "member", List.of(SubjectRef.parse("group:b#member"))),
                    a.tree());

            engine.write(RelationTuple.parse("group:b#member@user:x"));
            assertTrue(engine.check(ObjectRef.parse("group:a"), "member", x).allowed());
            assertTrue(engine.check(ObjectRef.parse("group:b"), "member", x).allowed());
            assertEquals(
                    Set.of(x),
                    engine.expand(ObjectRef.parse("group:a"), "member", 10).subjects());
            // the queried userset is found even though the walk loops back to it
            assertTrue(engine.check(ObjectRef.parse("group:a"), "member", SubjectRef.parse("group:a#member"))
                    .allowed());
        }
    }

    @Test
    void parentFoldersThatPointAtEachOtherTerminateAndShowTheCycle() {
        try (AuthorizationEngine engine = engine(32)) {
            engine.write(
                    RelationTuple.parse("folder:p1#parent@folder:p2"),
                    RelationTuple.parse("folder:p2#parent@folder:p1"),
                    RelationTuple.parse("folder:p2#viewer@user:v"));
            ObjectRef p1 = ObjectRef.parse("folder:p1");
            ObjectRef p2 = ObjectRef.parse("folder:p2");
            assertTrue(engine.check(p1, "viewer", SubjectRef.parse("user:v")).allowed());
            assertFalse(engine.check(p1, "viewer", SubjectRef.parse("user:w")).allowed());

            ExpandResult r = engine.expand(p1, "viewer", 10);
            ExpandNode expected = new ExpandNode.Union(
                    p1,
                    "viewer",
                    List.of(
                            new ExpandNode.Leaf(p1, "viewer", List.of()),
                            new ExpandNode.TupleToUserset(
                                    p1,
                                    "viewer",
                                    "parent",
                                    "viewer",
                                    List.of(new ExpandNode.Union(
                                            p2,
                                            "viewer",
                                            List.of(
                                                    new ExpandNode.Leaf(
                                                            p2, "viewer", List.of(SubjectRef.parse("user:v"))),
                                                    new ExpandNode.TupleToUserset(
                                                            p2,
                                                            "viewer",
                                                            "parent",
                                                            "viewer",
                                                            List.of(new ExpandNode.Cycle(p1, "viewer")))))))));
            assertEquals(expected, r.tree());
            assertEquals(Set.of(SubjectRef.parse("user:v")), r.subjects());
        }
    }

    @Test
    void depthLimitOutsideItsRangeIsRejected() {
        IllegalArgumentException zero = assertThrows(
                IllegalArgumentException.class,
                () -> AuthorizationEngine.builder().maxDepth(0));
        assertEquals("maxDepth must be between 1 and 512, was 0", zero.getMessage());
        IllegalArgumentException big = assertThrows(
                IllegalArgumentException.class,
                () -> AuthorizationEngine.builder().maxDepth(513));
        assertEquals("maxDepth must be between 1 and 512, was 513", big.getMessage());
    }
}
