package dev.leakbench.analysis.detection;

import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.input.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Evaluates a directory of runs ({@code DIR/runs/<run>/}, as {@code scripts/evaluate-detection run}
 * leaves them) into a {@link DetectionSummary}. A run still in progress (or interrupted: its
 * {@code run.properties} has no {@code finished} and {@code exit}) is skipped with a note; a
 * directory without {@code run.properties}, or with a malformed one, is bad input.
 */
public final class Detection {
    private Detection() {}

    /**
     * Evaluates every run directory under {@code runs} (or {@code runs} itself when it is one run).
     *
     * @throws BadInputException for a missing or malformed run.properties, or no run directory at all
     */
    public static DetectionSummary evaluate(Path runs, ThresholdConfig config) throws BadInputException {
        if (!Files.isDirectory(runs)) {
            throw new BadInputException(runs, 0, null, Files.exists(runs) ? "not a directory" : "no such directory");
        }
        List<Path> dirs = new ArrayList<>();
        if (Files.exists(runs.resolve(RunInfo.FILE))) {
            dirs.add(runs);
        } else {
            try (Stream<Path> s = Files.list(runs)) {
                s.filter(Files::isDirectory)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted()
                        .forEach(dirs::add);
            } catch (IOException e) {
                throw new BadInputException(
                        runs.toString(),
                        0,
                        null,
                        "cannot list: " + dev.leakbench.analysis.io.IoErrors.reason(e, runs),
                        e);
            }
        }
        if (dirs.isEmpty()) {
            throw new BadInputException(
                    runs,
                    0,
                    null,
                    "no run directories (expected RUNS/<run>/run.properties, "
                            + "as scripts/evaluate-detection run writes them)");
        }
        List<RunInfo> infos = new ArrayList<>();
        for (Path d : dirs) {
            infos.add(RunInfo.read(d));
        }
        RunEvaluator evaluator = new RunEvaluator(config);
        List<DetectionRow> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (RunInfo info : infos) {
            if (!info.complete()) {
                notes.add(info.dir().getFileName() + ": not finished (in progress, or interrupted: "
                        + "scripts/evaluate-detection run re-runs it); left out");
                continue;
            }
            rows.add(evaluator.evaluate(info));
        }
        rows.sort(Comparator.comparing((DetectionRow r) -> !r.length().equals(DetectionSummary.QUICK))
                .thenComparing(DetectionRow::length)
                .thenComparing(r -> !r.clean())
                .thenComparing(DetectionRow::fault)
                .thenComparing(DetectionRow::benchmark)
                .thenComparingLong(DetectionRow::opsPerLeak)
                .thenComparingLong(DetectionRow::seed)
                .thenComparing(DetectionRow::run));
        return new DetectionSummary(rows, notes);
    }
}
