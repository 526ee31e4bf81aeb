import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a leak-trace heap dump costs at a given live heap: fills a map to about MB megabytes of live
 * objects (entries of a boxed key, a short String and a small object, as a cache holds), then takes
 * three live dumps with 1% more entries each time, printing the time and size of each, and the
 * leakcheck command that reads them.
 *
 * <p>Run: {@code java -Xmx4g docs/examples/DumpCost.java MB DIR} (a single-file program, no build).
 */
public class DumpCost {
    /** What the dumps see grow. */
    static final Map<Integer, Entry> CACHE = new HashMap<>();

    record Entry(String name, long[] stamps) {}

    public static void main(String[] args) throws Exception {
        long mb = Long.parseLong(args[0]);
        Path dir = Files.createDirectories(Path.of(args[1]));
        // an entry: HashMap$Node 32 + Integer 16 + Entry 24 + String 24 + byte[] 24 + long[2] 32, about 150 B, and the table
        int entries = (int) (mb * 1024 * 1024 / 156);
        fill(entries);
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        StringBuilder files = new StringBuilder();
        for (int d = 1; d <= 3; d++) {
            fill(CACHE.size() + entries / 100);
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long live = rt.totalMemory() - rt.freeMemory();
            Path f = dir.resolve("cost" + mb + "-" + d + ".hprof");
            Files.deleteIfExists(f);
            long t0 = System.nanoTime();
            bean.dumpHeap(f.toString(), true);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("dump %d: live heap %.0f MB, %d entries, %.2f s, %.0f MB on disk%n",
                    d, live / 1048576.0, CACHE.size(), s, Files.size(f) / 1048576.0);
            files.append(' ').append(f);
        }
        System.out.println("scripts/leakcheck trace --ops 1,2,3" + files);
    }

    private static void fill(int n) {
        for (int i = CACHE.size(); i < n; i++) {
            CACHE.put(i, new Entry("e" + i, new long[2]));
        }
    }
}
