package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry's contract: it holds probes only while a trial runs, each once, and lets go of them all at its end. */
class LeakProbesTest {

    @AfterEach
    void closeTheRegistry() {
        LeakProbes.close();
    }

    @Test
    void withoutARunningTrialRegisteringDoesNothingAndKeepsNothing() {
        LeakProbes.close();
        LeakProbes.register(new LeakProbe() {});
        assertTrue(LeakProbes.registered().isEmpty());
    }

    @Test
    void duringATrialEachProbeIsHeldOnceInRegistrationOrderUntilTheTrialEnds() {
        LeakProbe a = new LeakProbe() {};
        LeakProbe b = new LeakProbe() {};
        LeakProbes.open();
        LeakProbes.register(a);
        LeakProbes.register(b);
        LeakProbes.register(a);
        assertEquals(List.of(a, b), LeakProbes.registered());
        LeakProbes.unregister(a);
        assertEquals(List.of(b), LeakProbes.registered());
        LeakProbes.close();
        assertTrue(LeakProbes.registered().isEmpty(), "the trial's end drops every probe");
        LeakProbes.register(a);
        assertTrue(LeakProbes.registered().isEmpty(), "and ignores registrations until the next trial");
    }

    @Test
    void aNewTrialStartsWithoutTheProbesOfAnEarlierOne() {
        LeakProbe left = new LeakProbe() {};
        LeakProbes.open();
        LeakProbes.register(left);
        LeakProbes.open();
        assertTrue(LeakProbes.registered().isEmpty());
    }

    @Test
    void probesAreHeldByIdentityNotByEquality() {
        record Equal(int x) implements LeakProbe {}
        Equal one = new Equal(1);
        Equal same = new Equal(1);
        LeakProbes.open();
        LeakProbes.register(one);
        LeakProbes.register(same);
        assertEquals(2, LeakProbes.registered().size());
        LeakProbes.unregister(same);
        assertSame(one, LeakProbes.registered().get(0));
    }

    @Test
    void nullIsRejected() {
        assertThrows(NullPointerException.class, () -> LeakProbes.register(null));
    }

    @Test
    void theDefaultsReportNothing() {
        LeakProbe nothing = new LeakProbe() {};
        assertTrue(nothing.roots().isEmpty() && nothing.gauges().isEmpty());
    }
}
