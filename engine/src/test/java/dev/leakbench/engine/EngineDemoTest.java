package dev.leakbench.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Scripts read the demo's output until the benchmarks exist; its answers must be the right ones. */
class EngineDemoTest {

    @Test
    void demoPrintsTheExpectedDecisions() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EngineDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        for (String line : new String[] {
            "wrote 9 tuples at revision 1",
            "check document:readme#can_view@user:alice at revision 1: ALLOW",
            "check document:readme#can_view@user:bob at revision 1: DENY",
            "check document:readme#can_view@user:carol at revision 1: ALLOW",
            "check document:readme#can_delete@user:dave at revision 1: ALLOW",
            "check document:notice#viewer@user:erin at revision 1: ALLOW",
            "removed alice from group:eng at revision 2",
            "check document:readme#can_view@user:alice at revision 2: DENY",
            "  at pinned revision 1: allowed=true",
            "  subjects: [user:carol, user:dave]",
            "  more: true",
            "watch since revision 0: 10 changes",
            "  2 DELETE group:eng#member@user:alice"
        }) {
            assertTrue(out.contains(line + "\n"), "missing line '" + line + "' in:\n" + out);
        }
    }
}
