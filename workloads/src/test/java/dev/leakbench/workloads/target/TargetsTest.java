package dev.leakbench.workloads.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.workloads.data.DatasetSpec;
import dev.leakbench.workloads.data.GraphDataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {

    static final GraphDataset SMALL = GraphDataset.generate(DatasetSpec.sized(42, 100, 100));

    @Test
    void serviceLoaderFindsTheBuiltInTargets() {
        List<String> names =
                Targets.providers().stream().map(TargetProvider::name).toList();
        assertTrue(
                names.containsAll(List.of("embedded", "embedded-jdbc", "jcasbin", "jcasbin-cached")),
                "built-in targets on the class path: " + names);
    }

    @Test
    void unknownTargetNamesTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Targets.create("embeded", TargetConfig.of(SMALL)));
        assertTrue(
                e.getMessage().contains("unknown target 'embeded'")
                        && e.getMessage().contains("embedded ("),
                e.getMessage());
    }

    @Test
    void unknownOptionIsRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Targets.create("embedded", new TargetConfig(SMALL, Map.of("cacheCapcity", "5"))));
        assertTrue(e.getMessage().contains("cacheCapcity") && e.getMessage().contains("cacheCapacity"), e.getMessage());
    }

    @Test
    void jcasbinSaysItHasNoExpandOrWatch() {
        try (Target t = Targets.create("jcasbin", TargetConfig.of(SMALL))) {
            assertEquals(false, t.operations().contains(Operation.EXPAND));
            UnsupportedTargetOperationException e = assertThrows(
                    UnsupportedTargetOperationException.class, () -> t.require(Operation.EXPAND, "expand"));
            assertEquals(
                    "target 'jcasbin' does not support EXPAND, which workload 'expand' needs: skipping it",
                    e.getMessage());
            assertThrows(UnsupportedTargetOperationException.class, () -> t.watch(16));
        }
    }

    @Test
    void jcasbinRejectsADepthTooShallowForTheData() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Targets.create("jcasbin", new TargetConfig(SMALL, Map.of("roleHierarchyDepth", "1"))));
        assertTrue(e.getMessage().contains("inheritance chains of 3 hops"), e.getMessage());
    }
}
