package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakbench.analysis.cli.LeakCheck;
import dev.leakbench.analysis.input.DumpIndex;
import dev.leakbench.vocabulary.DumpsFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The proof for leak traces: every heap fault of the fault zoo, run through the JMH Runner
 * (forked, the LeakProfiler with {@code trace=true}, 2 warmup and 6 measurement iterations of
 * 200 ms), then {@code leakcheck findings} on the series and its dumps index, as scripts/leak-check
 * does: the heap finding is a LEAK, its trace ends at the fault's own structure, and no dump is
 * left on disk.
 */
class FaultTraceTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        // fault, benchmark, the fields the path must hold from the root down (in order, others may lie
        // between), and the new objects per million operations at its end: one per leak at faultEvery=100 and
        // one target call per operation (two for streaming's watch and write); mvcc-history keeps the history
        // of every write and delete once a snapshot is forgotten, so its store's change log takes two per operation
        "unbounded-cache, AuthorizationBenchmark.check, fault memo, 10000",
        "listener-leak, MixedWorkloadBenchmark.operation, fault listeners, 10000",
        "mvcc-history, StorageBenchmark.writeReadDelete, store changeLog, 2000000",
        "watch-leak, StreamingBenchmark.subscribeConsumeClose, fault held, 20000",
    })
    void theTraceOfEveryHeapFaultEndsAtTheFaultsOwnStructure(
            String fault, String benchmark, String fields, double perMop) throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(benchmark.replace(".", "\\.") + "$")
                .param("fault", fault)
                .param("faultEvery", "100")
                .param("documents", "200")
                .param("users", "200")
                .param("targetOptions", "cacheCapacity=500")
                .iterations(2, 6)
                .iterationMillis(200)
                .profilerOptions("roots=false;histogram=false;trace=true")
                .run(dir);
        Series s = run.onlySeries();
        Path index = dir.resolve(s.file().getFileName().toString().replace(".csv", DumpsFormat.SUFFIX));
        assertTrue(Files.exists(index), "trace=true writes the dumps index " + index);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LeakCheck.run(
                new String[] {"findings", "--format", "json", s.file().toString(), index.toString()},
                new PrintWriter(out),
                new PrintWriter(err));
        JsonNode heap = null;
        for (JsonNode f : new ObjectMapper().readTree(out.toString()).get("findings")) {
            if (f.get("metric").asText().equals("heap.retained")) {
                heap = f;
            }
        }
        assertTrue(heap != null, out.toString());
        JsonNode trace = heap.get("leakTrace");
        System.out.println("# leak trace " + fault + ": "
                + (trace == null ? "none" : trace.get("text").asText()));
        assertEquals(1, code, err.toString());
        assertEquals("LEAK", heap.get("verdict").asText());
        assertTrue(trace != null, "a heap LEAK with dumps gets a trace: " + err);
        List<String> path = new ArrayList<>();
        trace.get("path").forEach(step -> path.add(step.get("field").asText()));
        int at = 0;
        for (String field : fields.split(" ")) {
            int found = path.subList(at, path.size()).indexOf(field);
            assertTrue(found >= 0, fault + ": the path " + path + " must hold " + fields + ": " + trace.get("text"));
            at += found + 1;
        }
        double growth = trace.get("growthPerMop").asDouble();
        assertTrue(
                Math.abs(growth / perMop - 1) < 0.03, fault + ": " + growth + " new objects/Mop, expected " + perMop);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of(),
                    files.filter(f -> f.toString().endsWith(".hprof")).toList(),
                    "no dump left on disk");
        }
    }

    @Test
    void aCleanRunGetsNoTraceAndLeavesNoDump() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of("AuthorizationBenchmark\\.check$")
                .param("fault", "none")
                .param("documents", "200")
                .param("users", "200")
                .param("targetOptions", "cacheCapacity=500")
                .iterations(2, 6)
                .iterationMillis(200)
                .profilerOptions("roots=false;histogram=false;trace=true;keepDumps=true")
                .run(dir);
        Series s = run.onlySeries();
        Path index = dir.resolve(s.file().getFileName().toString().replace(".csv", DumpsFormat.SUFFIX));
        DumpIndex dumped = DumpIndex.read(index);
        List<String> dumps =
                dumped.dumps().stream().map(d -> d.hprof().toString()).toList();
        assertEquals(3, dumps.size(), dumps.toString());

        // what the finder sees in the dumps themselves, verdict aside (printed, not asserted): on a clean run it
        // mostly finds nothing; now and then Caffeine's admission window, which resizes itself, has grown steadily
        // across the three dumps. Growth that three dumps cannot tell from a leak is why only a LEAK or SUSPECT
        // verdict, from the whole series, gets a trace.
        String ops = String.join(
                ",",
                dumped.dumps().stream().map(d -> String.valueOf((long) d.ops())).toList());
        List<String> args = new ArrayList<>(List.of("trace", "--ops", ops));
        args.addAll(dumps);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LeakCheck.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        System.out.println("# clean run's dumps: " + out.toString().strip());
        assertEquals(0, code, err.toString());

        // and findings, as scripts/leak-check runs it: STABLE, no trace; keepDumps=false would delete them
        Files.writeString(index, Files.readString(index).replace("keepDumps=true", "keepDumps=false"));
        out = new StringWriter();
        code = LeakCheck.run(
                new String[] {"findings", s.file().toString(), index.toString()},
                new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(0, code, out + "\n" + err);
        assertTrue(!out.toString().contains("leakTrace"), out.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of(),
                    files.filter(f -> f.toString().endsWith(".hprof")).toList(),
                    "no dump left on disk");
        }
    }
}
