package dev.leakbench.analysis.trend;

import dev.leakbench.analysis.input.Params;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process for the concurrency and crash tests: appends {@code rows} rows for
 * {@code commit} on {@code date}; with "halt" it dies (Runtime.halt) after writing the temporary
 * file and before the rename, as a killed nightly job would.
 */
public final class HistoryAppendMain {
    private HistoryAppendMain() {}

    public static void main(String[] args) throws Exception {
        Path history = Path.of(args[0]);
        LocalDate date = LocalDate.parse(args[1]);
        String commit = args[2];
        int n = Integer.parseInt(args[3]);
        boolean halt = args.length > 4 && args[4].equals("halt");
        List<HistoryRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new HistoryRow(
                    date, commit, "dev.x.Bench.m" + i, Params.parse("target=embedded"), "score", 1000 + i, "ops/s"));
        }
        HistoryStore store =
                new HistoryStore(history, halt ? () -> Runtime.getRuntime().halt(3) : () -> {});
        for (int attempt = 0; attempt < 3; attempt++) {
            store.append(rows);
        }
    }
}
