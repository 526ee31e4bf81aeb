package dev.leakbench.analysis.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process for {@link BigInputTest}: reads the files given (as {@code findings} does,
 * before judging them) in whatever heap it was started with, and prints the iterations read.
 */
public final class ReadMain {
    private ReadMain() {}

    public static void main(String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            files.add(Path.of(a));
        }
        RunSet set = Inputs.read(files);
        long iterations = 0;
        for (BenchmarkRun run : set.runs()) {
            for (Trial t : run.trials()) {
                iterations += t.iterations();
            }
        }
        System.out.println(set.runs().size() + " runs, " + iterations + " iterations");
    }
}
