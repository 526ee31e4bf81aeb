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
        assertEquals(new LeakProfilerOptions(Path.of("results/run 1"), false, true, 5, 3, true, true, true), o);
    }

    @Test
    void anUnknownOptionIsRejectedWithTheListOfValidOnes() {
        ProfilerException e = assertThrows(ProfilerException.class, () -> LeakProfilerOptions.parse("root=false"));
        assertTrue(e.getMessage().contains("unknown option 'root'"), e.getMessage());
        for (String valid :
                new String[] {"dir", "roots", "histogram", "top", "maxGcRounds", "jfr", "verbose", "dumps"}) {
            assertTrue(e.getMessage().contains("  " + valid + ": "), valid + " missing from: " + e.getMessage());
        }
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
