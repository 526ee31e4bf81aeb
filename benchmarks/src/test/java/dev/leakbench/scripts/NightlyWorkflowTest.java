package dev.leakbench.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "commit the history" step of .github/workflows/nightly.yml, run as GitHub runs it (bash -eo
 * pipefail) against a stub git that records its calls: nothing is committed or pushed when the
 * history did not change; a change is rebased onto the moved main before every push, with retries;
 * a conflicting history is not pushed.
 */
class NightlyWorkflowTest {

    @TempDir
    Path dir;

    Path log;
    Path step;

    /** The run: | block of the step named "commit the history", unindented. */
    static String commitStep() throws IOException {
        List<String> lines = Files.readAllLines(Scripts.root().resolve(".github/workflows/nightly.yml"));
        int i = 0;
        while (i < lines.size() && !lines.get(i).trim().equals("- name: commit the history")) {
            i++;
        }
        while (i < lines.size() && !lines.get(i).trim().equals("run: |")) {
            i++;
        }
        assertTrue(i < lines.size(), "nightly.yml has a 'commit the history' step with a run: | block");
        int runIndent = lines.get(i).indexOf("run:");
        List<String> body = new ArrayList<>();
        for (i++; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.isBlank() && l.length() - l.stripLeading().length() <= runIndent) {
                break;
            }
            body.add(l.isBlank() ? "" : l.substring(runIndent + 2));
        }
        return String.join("\n", body) + "\n";
    }

    @BeforeEach
    void stubGit() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        log = dir.resolve("git.log");
        step = Files.writeString(dir.resolve("step.sh"), commitStep());
        // STAGED=1: the history changed; PULL_FAIL=N / PUSH_FAIL=N: the first N fail (main moved, the
        // remote did not answer); CONFLICT=1: the rebase stops on a conflict.
        Scripts.executable(bin.resolve("git"), """
                echo "git $*" >> "$LOG"
                count() { local n=$(( $(cat "$STATE/$1" 2>/dev/null || echo 0) + 1 )); echo $n > "$STATE/$1"; echo $n; }
                case "$1" in
                  diff) [ "${STAGED:-0}" = 1 ] && exit 1; exit 0 ;;
                  rev-parse) echo "$STATE/${3}" ;;
                  pull)
                    if [ "${CONFLICT:-0}" = 1 ]; then mkdir -p "$STATE/rebase-merge"; exit 1; fi
                    [ "$(count pull)" -le "${PULL_FAIL:-0}" ] && exit 1; exit 0 ;;
                  push) [ "$(count push)" -le "${PUSH_FAIL:-0}" ] && exit 1; exit 0 ;;
                  rebase) rm -rf "$STATE/rebase-merge" "$STATE/rebase-apply"; exit 0 ;;
                  *) exit 0 ;;
                esac
                """);
        Scripts.executable(bin.resolve("sleep"), "echo \"sleep $*\" >> \"$LOG\"\n");
    }

    private Scripts.Result runStep(String... env) throws IOException {
        Path state = Files.createDirectories(dir.resolve("state"));
        Map<String, String> e = Scripts.env(env);
        e.put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        e.put("LOG", log.toString());
        e.put("STATE", state.toString());
        e.put("BRANCH", "main");
        return Scripts.run(
                e, Duration.ofSeconds(30), List.of("--noprofile", "--norc", "-eo", "pipefail", step.toString()));
    }

    private List<String> calls(String prefix) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.startsWith(prefix))
                .toList();
    }

    @Test
    void anUnchangedHistoryIsNeitherCommittedNorPushed() throws IOException {
        Scripts.Result r = runStep("STAGED", "0");

        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(), calls("git commit"), r.toString());
        assertEquals(List.of(), calls("git push"), r.toString());
        assertTrue(r.stdout().contains("unchanged"), r.toString());
    }

    @Test
    void aChangedHistoryIsCommittedRebasedOntoMainAndPushed() throws IOException {
        Scripts.Result r = runStep("STAGED", "1");

        assertEquals(0, r.exit(), r.toString());
        List<String> all = Files.readAllLines(log);
        assertEquals(
                List.of("git add results/history.csv", "git diff --cached --quiet"),
                all.stream()
                        .filter(l -> l.startsWith("git add") || l.startsWith("git diff"))
                        .toList());
        assertEquals(1, calls("git commit").size(), all.toString());
        int pull = all.indexOf("git pull --rebase origin main");
        int push = all.indexOf("git push origin HEAD:main");
        assertTrue(pull >= 0 && push > pull, "pull --rebase, then push: " + all);
    }

    @Test
    void aPushThatLosesTheRaceIsRebasedAgainAndRetried() throws IOException {
        Scripts.Result r = runStep("STAGED", "1", "PUSH_FAIL", "2", "PULL_FAIL", "1");

        assertEquals(0, r.exit(), r.toString());
        List<String> pullsAndPushes = Files.readAllLines(log).stream()
                .filter(l -> l.startsWith("git pull") || l.startsWith("git push"))
                .toList();
        assertEquals(
                List.of(
                        "git pull --rebase origin main", // the remote did not answer
                        "git pull --rebase origin main",
                        "git push origin HEAD:main", // main moved again
                        "git pull --rebase origin main",
                        "git push origin HEAD:main", // main moved again
                        "git pull --rebase origin main",
                        "git push origin HEAD:main"),
                pullsAndPushes);
        assertEquals(1, calls("git commit").size());
    }

    @Test
    void aConflictingHistoryIsNotPushed() throws IOException {
        Scripts.Result r = runStep("STAGED", "1", "CONFLICT", "1");

        assertEquals(1, r.exit(), r.toString());
        assertEquals(List.of(), calls("git push"), r.toString());
        assertEquals(List.of("git rebase --abort"), calls("git rebase"), r.toString());
        assertTrue(r.stdout().contains("::error::") && r.stdout().contains("conflicts"), r.toString());
    }

    @Test
    void aRemoteThatNeverTakesThePushFailsTheStepAfterAFewAttempts() throws IOException {
        Scripts.Result r = runStep("STAGED", "1", "PUSH_FAIL", "99");

        assertEquals(1, r.exit(), r.toString());
        int pushes = calls("git push").size();
        assertTrue(pushes >= 3 && pushes <= 10, "a few attempts, not one and not forever: " + pushes);
        assertFalse(calls("sleep").isEmpty(), "waits between attempts");
    }
}
