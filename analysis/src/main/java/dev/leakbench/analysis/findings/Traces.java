package dev.leakbench.analysis.findings;

import dev.leakbench.analysis.input.DumpIndex;
import dev.leakbench.analysis.input.Quantities;
import dev.leakbench.analysis.input.SeriesKey;
import dev.leakbench.analysis.io.IoErrors;
import dev.leakbench.analysis.trace.LeakTrace;
import dev.leakbench.analysis.trace.TraceFinder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Attaches leak traces to findings (docs/design.md, "Leak traces"): for every trial whose heap
 * dumps were given ({@code NAME.dumps.csv}) and that has a heap or class-count LEAK or SUSPECT,
 * the dumps are read and the path to what grows becomes the {@code leakTrace} of the trial's heap
 * finding (of its first class-count finding when the heap's is not a LEAK or SUSPECT). The hprof
 * files are deleted afterwards, leak or not, unless the profiler ran with {@code keepDumps=true}.
 */
public final class Traces {
    private final TraceFinder finder;
    private final PrintWriter progress;
    private final List<String> unreadable = new ArrayList<>();

    /**
     * @param minGrowth least growth in objects, first dump to last, for a path to count
     * @param progress where to say what is being read (heap dumps take seconds to minutes)
     */
    public Traces(int minGrowth, PrintWriter progress) {
        this.finder = new TraceFinder(minGrowth);
        this.progress = progress;
    }

    /** {@code result} with the traces attached and the notes of what could not be traced. */
    public FindingsAnalyzer.Result attach(FindingsAnalyzer.Result result, List<DumpIndex> indexes) {
        List<Finding> findings = new ArrayList<>(result.findings());
        List<String> notes = new ArrayList<>(result.notes());
        int deleted = 0;
        long deletedBytes = 0;
        for (DumpIndex index : indexes) {
            SeriesKey key = index.key();
            boolean judged = findings.stream().anyMatch(f -> f.key().equals(key));
            boolean wanted = findings.stream().anyMatch(f -> f.key().equals(key) && f.wantsTrace());
            if (!judged) {
                notes.add(index.file() + ": heap dumps of " + key + ", whose series was not given; not read");
            } else if (wanted) {
                Optional<LeakTrace> trace = trace(index, notes);
                if (trace.isPresent()) {
                    int i = carrier(findings, key);
                    findings.set(i, findings.get(i).withTrace(trace.get()));
                }
            }
            if (!index.keepDumps() && judged) {
                for (DumpIndex.Dump d : index.dumps()) {
                    try {
                        long size = Files.exists(d.hprof()) ? Files.size(d.hprof()) : 0;
                        if (Files.deleteIfExists(d.hprof())) {
                            deleted++;
                            deletedBytes += size;
                        }
                    } catch (IOException e) {
                        notes.add(d.hprof() + ": could not delete the heap dump: " + IoErrors.reason(e));
                    }
                }
            }
        }
        if (deleted > 0) {
            notes.add("deleted " + deleted + " heap dump" + (deleted == 1 ? "" : "s") + " ("
                    + Quantities.bytes(deletedBytes) + ") after reading what they were needed for; "
                    + "the LeakProfiler option keepDumps=true keeps them");
        }
        return new FindingsAnalyzer.Result(findings, notes);
    }

    /**
     * The one finding of {@code key} that carries its trace (a trace is of the trial, not of a metric):
     * the heap LEAK/SUSPECT when there is one, else the first class-count one.
     */
    private static int carrier(List<Finding> findings, SeriesKey key) {
        int first = -1;
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            if (f.key().equals(key) && f.wantsTrace()) {
                if (f.metric().equals(dev.leakbench.analysis.input.Metrics.HEAP)) {
                    return i;
                }
                if (first < 0) {
                    first = i;
                }
            }
        }
        return first;
    }

    /** The heap dumps that could not be read (a truncated or foreign file): bad input, exit 2 unless a leak fails the run. */
    public List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    private Optional<LeakTrace> trace(DumpIndex index, List<String> notes) {
        SeriesKey key = index.key();
        if (index.dumps().size() < 2) {
            notes.add("leak trace of " + key + ": " + index.file() + " lists "
                    + index.dumps().size()
                    + " dump; a trace compares at least two (run 2 or more measurement iterations with trace=true)");
            return Optional.empty();
        }
        long bytes = 0;
        for (DumpIndex.Dump d : index.dumps()) {
            if (!Files.isRegularFile(d.hprof())) {
                notes.add("leak trace of " + key + ": the heap dump " + d.hprof() + " is gone (an earlier leakcheck "
                        + "run reads and deletes them unless the profiler ran with keepDumps=true)");
                return Optional.empty();
            }
            try {
                bytes += Files.size(d.hprof());
            } catch (IOException e) {
                // its size is only for the progress line
            }
        }
        progress.println("leakcheck: reading " + index.dumps().size() + " heap dumps of " + key.shortName() + " ("
                + Quantities.bytes(bytes) + ") for its leak trace");
        progress.flush();
        List<Path> files = new ArrayList<>();
        int[] iterations = new int[index.dumps().size()];
        double[] ops = new double[iterations.length];
        for (DumpIndex.Dump d : index.dumps()) {
            iterations[files.size()] = d.iteration();
            ops[files.size()] = d.ops();
            files.add(d.hprof());
        }
        List<TraceFinder.Snapshot> snapshots;
        try {
            snapshots = TraceFinder.Snapshot.readAll(files, iterations, ops);
        } catch (TraceFinder.UnreadableDump e) {
            String why = e.getMessage() + "; no leak trace for " + key;
            notes.add(why);
            unreadable.add(why);
            return Optional.empty();
        }
        Optional<LeakTrace> trace = finder.find(snapshots);
        if (trace.isEmpty()) {
            notes.add("leak trace of " + key + ": no path from a GC root gains objects from dump to dump in "
                    + index.dumps().size()
                    + " dumps (the growth may be one object getting bigger, or outside the heap)");
        }
        return trace;
    }
}
