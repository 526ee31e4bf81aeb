package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.ProfilerException;

class LeakProfilerOptionsTest {

    @Test
    void anEmptyInitLineMeansDefaults() throws ProfilerException {
        assertEquals(LeakProfilerOptions.defaults(), LeakProfilerOptions.parse(""));
        assertEquals(LeakProfilerOptions.defaults(), LeakProfilerOptions.parse(null));
        LeakProfilerOptions d = LeakProfilerOptions.defaults();
        assertTrue(d.roots() && d.histogram() && !d.jfr() && !d.verbose());
        assertEquals(Path.of("."), d.dir());
    }

    @Test
    void optionsAreNameValuePairsSeparatedBySemicolons() throws ProfilerException {
        LeakProfilerOptions o = LeakProfilerOptions.parse("roots=false; histogram=TRUE;dir=results/run 1;top=5;"
                + "maxGcRounds=3;jfr=true;verbose=true;dumps=true");
        assertEquals(
                new LeakProfilerOptions(Path.of("results/run 1"), false, true, 5, 3, true, true, true, false, false),
                o);
    }

    @Test
    void anUnknownOptionIsRejectedWithTheListOfValidOnes() {
        ProfilerException e = assertThrows(ProfilerException.class, () -> LeakProfilerOptions.parse("root=false"));
        assertTrue(e.getMessage().contains("unknown option 'root'"), e.getMessage());
        for (String valid : new String[] {
            "dir", "roots", "histogram", "top", "maxGcRounds", "jfr", "verbose", "dumps", "trace", "keepDumps"
        }) {
            assertTrue(e.getMessage().contains("  " + valid + ": "), valid + " missing from: " + e.getMessage());
        }
    }

    @Test
    void traceAndKeepDumpsAreOffUnlessGiven() throws ProfilerException {
        LeakProfilerOptions d = LeakProfilerOptions.defaults();
        assertFalse(d.trace() || d.keepDumps());
        LeakProfilerOptions trace = LeakProfilerOptions.parse("trace=true");
        assertTrue(trace.trace());
        assertFalse(trace.keepDumps());
        assertFalse(trace.dumps(), "trace is not the release dumps");
        LeakProfilerOptions keep = LeakProfilerOptions.parse("keepDumps=TRUE;trace=true");
        assertTrue(keep.trace() && keep.keepDumps());
        assertFalse(LeakProfilerOptions.parse("trace=false;keepDumps=false").trace());
    }

    @Test
    void keepDumpsWithoutTraceAndABadTraceValueAreRejected() {
        assertMessage("keepDumps=true", "keepDumps=true needs trace=true");
        assertMessage("keepDumps=true;trace=false", "keepDumps=true needs trace=true");
        assertMessage("trace=yes", "trace must be true or false, found 'yes'");
        assertMessage("trace=true;keepDumps=1", "keepDumps must be true or false, found '1'");
    }

    @Test
    void badValuesAreRejectedNamingTheOption() {
        assertMessage("roots=flase", "roots must be true or false, found 'flase'");
        assertMessage("top=0", "top must be an integer >= 1, found '0'");
        assertMessage("maxGcRounds=1", "maxGcRounds must be an integer >= 2");
        assertMessage("dir=", "dir must not be empty");
        assertMessage("roots", "expected name=value, found 'roots'");
        assertMessage("jfr=true;jfr=false", "option 'jfr' given twice");
    }

    @Test
    void theProfilerRejectsBadOptionsWhenJmhMakesIt() throws ProfilerException {
        assertThrows(ProfilerException.class, () -> new LeakProfiler("verbose=yes"));
        assertFalse(new LeakProfiler("").getDescription().isBlank());
    }

    private static void assertMessage(String initLine, String expected) {
        ProfilerException e = assertThrows(ProfilerException.class, () -> LeakProfilerOptions.parse(initLine));
        assertTrue(e.getMessage().contains(expected), "for '" + initLine + "': " + e.getMessage());
    }
}
