package dev.leakbench.analysis.trend;

import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.findings.Thresholds;
import dev.leakbench.analysis.stats.MannWhitney;
import dev.leakbench.analysis.stats.Robust;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares each series' latest nights with the nights before. A regression needs a change
 * point with at least {@code trend.min-side} nights on each side, within the last
 * {@code trend.max-recent} nights: the nights after it must be worse than the trailing
 * {@code trend.window} nights before it by a one-sided Mann-Whitney test (Bonferroni-corrected
 * over the candidate change points) and by at least {@code trend.relative} in median, at least
 * {@code trend.min-side} of those nights must each be that much worse, and tonight must be too. One noisy night is therefore never a regression, and
 * a regression that was fixed tonight is no longer one. A lasting change keeps failing until it
 * fills most of the baseline window (about {@code trend.max-recent + trend.window / 2} nights,
 * 20 by default); then it is the new baseline.
 */
public final class TrendAnalyzer {
    /** What happened to a series. */
    public enum Status {
        /** Worse, and lasting. Exit code 1. */
        REGRESSION,
        /** Better, and lasting. */
        IMPROVEMENT,
        /** No lasting change. */
        UNCHANGED,
        /** Too few nights to judge. */
        NEW
    }

    /**
     * The verdict on one series.
     *
     * @param key the series
     * @param direction which way is better
     * @param status what happened
     * @param tonight tonight's value
     * @param baseline median of the trailing window before the change (or before tonight)
     * @param after median of the nights since the change (tonight's value without one)
     * @param change relative change of {@code after} against {@code baseline}
     * @param p the corrected p-value of the change point, NaN without one
     * @param changeDate first night after the change point, or null
     * @param nights all nights of the series
     */
    public record SeriesTrend(
            History.Key key,
            Direction direction,
            Status status,
            double tonight,
            double baseline,
            double after,
            double change,
            double p,
            LocalDate changeDate,
            List<History.Night> nights) {}

    private final ThresholdConfig config;

    /** An analyzer using the trend settings of {@code config}. */
    public TrendAnalyzer(ThresholdConfig config) {
        this.config = config;
    }

    /** Analyses every series that has a value on {@code tonight}. */
    public List<SeriesTrend> analyze(History history, LocalDate tonight) {
        List<SeriesTrend> out = new ArrayList<>();
        for (History.Key key : history.keys()) {
            List<History.Night> nights = history.nights(key);
            if (nights.isEmpty() || !nights.get(nights.size() - 1).date().equals(tonight)) {
                continue;
            }
            out.add(analyze(key, nights, config.forBenchmark(key.id().benchmark())));
        }
        return out;
    }

    /** Analyses one series whose last night is tonight. */
    public static SeriesTrend analyze(History.Key key, List<History.Night> nights, Thresholds th) {
        Direction dir = Direction.of(key.unit());
        double[] v = History.values(nights);
        int t = v.length;
        double tonight = v[t - 1];
        int minSide = th.trendMinSide();
        int window = th.trendWindow();
        double plainBaseline =
                t > 1 ? Robust.median(Arrays.copyOfRange(v, Math.max(0, t - 1 - window), t - 1)) : Double.NaN;
        if (t < 2 * minSide) {
            return new SeriesTrend(
                    key,
                    dir,
                    Status.NEW,
                    tonight,
                    plainBaseline,
                    tonight,
                    relative(tonight, plainBaseline),
                    Double.NaN,
                    null,
                    nights);
        }
        int candidates = 0;
        for (int post = minSide; post <= th.trendMaxRecent() && t - post >= minSide; post++) {
            candidates++;
        }
        Change worse = best(v, dir.worseSign(), candidates, th);
        Change better = best(v, -dir.worseSign(), candidates, th);
        Change chosen = worse != null ? worse : better;
        if (chosen == null) {
            return new SeriesTrend(
                    key,
                    dir,
                    Status.UNCHANGED,
                    tonight,
                    plainBaseline,
                    tonight,
                    relative(tonight, plainBaseline),
                    Double.NaN,
                    null,
                    nights);
        }
        return new SeriesTrend(
                key,
                dir,
                worse != null ? Status.REGRESSION : Status.IMPROVEMENT,
                tonight,
                chosen.baseline,
                chosen.after,
                relative(chosen.after, chosen.baseline),
                chosen.p,
                nights.get(t - chosen.post).date(),
                nights);
    }

    private record Change(int post, double baseline, double after, double p) {}

    /** The most significant qualifying change point in direction {@code sign} (+1: rise), or null. */
    private static Change best(double[] v, int sign, int candidates, Thresholds th) {
        int t = v.length;
        Change best = null;
        for (int post = th.trendMinSide(); post <= th.trendMaxRecent() && t - post >= th.trendMinSide(); post++) {
            double[] after = Arrays.copyOfRange(v, t - post, t);
            double[] before = Arrays.copyOfRange(v, Math.max(0, t - post - th.trendWindow()), t - post);
            double mBefore = Robust.median(before);
            double mAfter = Robust.median(after);
            double rel = sign * relative(mAfter, mBefore);
            double relTonight = sign * relative(v[t - 1], mBefore);
            int worseNights = 0;
            for (double a : after) {
                worseNights += sign * relative(a, mBefore) >= th.trendRelative() ? 1 : 0;
            }
            if (!(rel >= th.trendRelative() && relTonight >= th.trendRelative() && worseNights >= th.trendMinSide())) {
                continue;
            }
            MannWhitney.Result mw = MannWhitney.test(before, after);
            double p = Math.min(1, (sign > 0 ? mw.pGreater() : mw.pLess()) * candidates);
            if (p < th.trendAlpha() && (best == null || p < best.p)) {
                best = new Change(post, mBefore, mAfter, p);
            }
        }
        return best;
    }

    private static double relative(double value, double base) {
        if (!Double.isFinite(base)) {
            return Double.NaN;
        }
        if (base == 0) {
            return value == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, value);
        }
        return (value - base) / Math.abs(base);
    }
}
