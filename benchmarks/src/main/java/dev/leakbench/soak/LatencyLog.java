package dev.leakbench.soak;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@code latency.hlog}: the interval histograms in HdrHistogram's log format (nanoseconds), one
 * line per interval, flushed as written; {@code HistogramLogProcessor} and {@code HistogramLogReader}
 * read it, and {@code jHiccup}'s plotters draw it.
 */
final class LatencyLog implements Closeable {

    private final PrintStream stream;
    private final HistogramLogWriter writer;

    LatencyLog(Path file, long startMillis, String comment) throws IOException {
        this.stream = new PrintStream(new FileOutputStream(file.toFile()), false, "UTF-8");
        this.writer = new HistogramLogWriter(stream);
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputBaseTime(startMillis);
        writer.outputLegend();
        stream.flush();
    }

    /** Appends one interval histogram (its start and end time stamps set by the recorder). */
    void append(Histogram interval) throws IOException {
        writer.outputIntervalHistogram(interval);
        stream.flush();
        if (stream.checkError()) {
            throw new IOException("cannot write the latency log");
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
