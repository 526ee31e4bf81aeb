package dev.leakbench.profile;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR leak mode: an in-process recording of {@code jdk.OldObjectSample} with stack traces and
 * {@code cutoff=infinity} (JFR then searches the full path to a GC root for every sample when
 * the recording stops), summarised into the allocation sites whose objects survive longest.
 *
 * <p>JFR keeps a small queue (256 by default) of sampled allocations that are still alive, so
 * this finds leaks in long runs, where the sampler had time to catch leaked objects among the
 * garbage; in a run of seconds it mostly reports warmup-time data structures. The recording
 * stays on disk ({@code .jfr}, open it in JDK Mission Control), the summary goes to
 * {@code .old-objects.txt}. JFR's own threads and buffers add a little noise to
 * {@code threads.live} and {@code heap.retained} in this mode.
 */
public final class JfrLeakRecorder {
    private static final String EVENT = "jdk.OldObjectSample";
    private static final int REFERRER_HOPS = 8;

    /** Samples of one allocation site. */
    record Site(
            String site, String objectType, int samples, Duration oldestAge, Instant oldestAllocation, String path) {}

    private final Recording recording;

    private JfrLeakRecorder(Recording recording) {
        this.recording = recording;
    }

    /** Starts sampling now. */
    public static JfrLeakRecorder start() {
        Recording r = new Recording();
        r.setName("leakbench-old-objects");
        r.enable(EVENT).with("cutoff", "infinity").withStackTrace();
        r.setToDisk(true);
        r.start();
        return new JfrLeakRecorder(r);
    }

    /** Stops and closes the recording without saving it (the trial failed: nothing to report). */
    void discard() {
        recording.close();
    }

    /**
     * Stops the recording (which emits the surviving samples with their paths to GC roots),
     * saves it to {@code jfrFile} and returns the sites, oldest first.
     */
    List<Site> stop(Path jfrFile) throws IOException {
        recording.stop();
        recording.dump(jfrFile);
        recording.close();
        Map<String, List<RecordedEvent>> bySite = new LinkedHashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfrFile)) {
            if (e.getEventType().getName().equals(EVENT)) {
                bySite.computeIfAbsent(site(e.getStackTrace()), k -> new ArrayList<>())
                        .add(e);
            }
        }
        List<Site> sites = new ArrayList<>();
        bySite.forEach((site, events) -> {
            RecordedEvent oldest = events.stream()
                    .max(Comparator.comparing((RecordedEvent e) -> e.getDuration("objectAge")))
                    .orElseThrow();
            sites.add(new Site(
                    site,
                    objectType(oldest),
                    events.size(),
                    oldest.getDuration("objectAge"),
                    oldest.getInstant("allocationTime"),
                    pathToRoot(oldest)));
        });
        sites.sort(Comparator.comparing(Site::oldestAge).reversed().thenComparing(Site::site));
        return sites;
    }

    /**
     * Stops, saves the recording to {@code jfrFile}, writes the summary to {@code summaryFile} and
     * logs the oldest sites.
     */
    public void stopAndReport(Path jfrFile, Path summaryFile, Consumer<String> log) {
        try {
            List<Site> sites = stop(jfrFile);
            write(summaryFile, sites);
            log.accept("JFR old-object samples, oldest surviving allocation sites first (" + summaryFile
                    + ", recording " + jfrFile + "):" + System.lineSeparator() + format(sites, 5));
        } catch (IOException e) {
            throw new UncheckedIOException("LeakProfiler: cannot write " + jfrFile + ": " + e.getMessage(), e);
        }
    }

    /** Writes the summary as a readable text file. */
    static void write(Path file, List<Site> sites) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.println("# JFR old-object samples by allocation site, oldest surviving first");
            out.println("# samples  oldest-age  type  site");
            out.println("#   path from the object towards its GC root");
            for (Site s : sites) {
                out.printf("%9d  %10s  %s  %s%n", s.samples(), age(s.oldestAge()), s.objectType(), s.site());
                out.println("    " + s.path());
            }
        }
    }

    /** A few lines for the console. */
    static String format(List<Site> sites, int limit) {
        if (sites.isEmpty()) {
            return "  (no old-object samples: the run was too short for the sampler, or nothing survived)";
        }
        StringBuilder sb = new StringBuilder();
        for (Site s : sites.subList(0, Math.min(limit, sites.size()))) {
            if (sb.length() > 0) {
                sb.append(System.lineSeparator());
            }
            sb.append(String.format(
                    "  %4d samples, oldest %s: %s at %s", s.samples(), age(s.oldestAge()), s.objectType(), s.site()));
        }
        return sb.toString();
    }

    private static String age(Duration d) {
        return d.toMillis() >= 10_000 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** The first frame outside the JDK and JMH: the code that allocated; else the top frame. */
    private static String site(RecordedStackTrace trace) {
        if (trace == null || trace.getFrames().isEmpty()) {
            return "(no stack trace)";
        }
        for (RecordedFrame f : trace.getFrames()) {
            String type = f.getMethod().getType().getName();
            if (!type.startsWith("java.")
                    && !type.startsWith("jdk.")
                    && !type.startsWith("sun.")
                    && !type.startsWith("org.openjdk.jmh.")) {
                return frame(f);
            }
        }
        return frame(trace.getFrames().get(0));
    }

    private static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName()
                + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "");
    }

    private static String objectType(RecordedEvent e) {
        return typeName(e.getValue("object"));
    }

    private static String typeName(RecordedObject oldObject) {
        RecordedClass type = oldObject == null ? null : oldObject.getClass("type");
        return type == null ? "?" : type.getName();
    }

    /** "byte[] <- java.util.HashMap$Node.value <- java.util.HashMap$Node[][] <- java.util.HashMap.table ... (root: ...)". */
    private static String pathToRoot(RecordedEvent e) {
        RecordedObject object = e.getValue("object");
        StringBuilder sb = new StringBuilder(typeName(object));
        for (int hop = 0; object != null && hop < REFERRER_HOPS; hop++) {
            RecordedObject reference = object.hasField("referrer") ? object.getValue("referrer") : null;
            object = reference != null && reference.hasField("object") ? reference.getValue("object") : null;
            if (object == null) {
                break;
            }
            sb.append(" <- ").append(typeName(object));
            RecordedObject field = reference.hasField("field") ? reference.getValue("field") : null;
            if (field != null && field.hasField("name") && field.getString("name") != null) {
                sb.append('.').append(field.getString("name"));
            } else if (reference.hasField("array") && reference.getValue("array") != null) {
                sb.append("[]");
            }
        }
        if (object != null) {
            sb.append(" <- ...");
        }
        RecordedObject root = e.getValue("root");
        if (root != null) {
            sb.append(" (root: ").append(root.getString("system")).append('/').append(root.getString("type"));
            String description = root.getString("description");
            if (description != null && !description.isBlank()) {
                sb.append(", ").append(description);
            }
            sb.append(')');
        } else {
            sb.append(" (no path to a GC root recorded)");
        }
        return sb.toString();
    }
}
