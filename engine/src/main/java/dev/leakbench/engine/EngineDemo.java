package dev.leakbench.engine;

import dev.leakbench.engine.model.Change;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.Page;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.store.RevisionLease;
import dev.leakbench.engine.store.WatchSubscription;
import java.io.PrintStream;
import java.util.List;

/**
 * A small end-to-end run of the engine: a group, a folder and two documents; a few checks before and
 * after a revocation (and at the pinned old revision), an expand, a read and the watch stream. Used
 * by scripts to see that the engine works until the benchmarks exist.
 *
 * <p>Run: {@code java -cp engine/target/classes:<caffeine jar> dev.leakbench.engine.EngineDemo}.
 */
public final class EngineDemo {

    /** The schema of the demo, also a readable example of the language. */
    public static final String SCHEMA = """
            type user {}
            type group {
              relation member: user | group#member
            }
            type folder {
              relation owner: user
              relation viewer: user | group#member = this | owner
            }
            type document {
              relation owner: user
              relation parent: folder
              relation banned: user
              relation viewer: user | user:* | group#member = this | owner | viewer from parent
              relation editor: user = this | owner
              relation can_delete = owner & editor
              relation can_view = viewer - banned
            }
            """;

    private EngineDemo() {}

    public static void main(String[] args) throws InterruptedException {
        run(System.out);
    }

    /** Runs the demo, printing to {@code out}. */
    public static void run(PrintStream out) throws InterruptedException {
        try (AuthorizationEngine engine =
                        AuthorizationEngine.builder().schema(SCHEMA).build();
                WatchSubscription watch = engine.watch(0)) {
            out.println("schema:");
            out.print(engine.schema());

            long rev = engine.write(
                    tuple("group:eng#member@user:alice"),
                    tuple("group:eng#member@user:bob"),
                    tuple("folder:handbook#owner@user:carol"),
                    tuple("folder:handbook#viewer@group:eng#member"),
                    tuple("document:readme#parent@folder:handbook"),
                    tuple("document:readme#owner@user:dave"),
                    tuple("document:readme#editor@user:dave"),
                    tuple("document:readme#banned@user:bob"),
                    tuple("document:notice#viewer@user:*"));
            out.println("wrote 9 tuples at revision " + rev);

            check(out, engine, "document:readme", "can_view", "user:alice");
            check(out, engine, "document:readme", "can_view", "user:bob");
            check(out, engine, "document:readme", "can_view", "user:carol");
            check(out, engine, "document:readme", "can_delete", "user:dave");
            check(out, engine, "document:notice", "viewer", "user:erin");

            try (RevisionLease before = engine.snapshot()) {
                long revoked = engine.delete(tuple("group:eng#member@user:alice"));
                out.println("removed alice from group:eng at revision " + revoked);
                check(out, engine, "document:readme", "can_view", "user:alice");
                CheckResult old = engine.check(
                        ObjectRef.parse("document:readme"),
                        "can_view",
                        SubjectRef.parse("user:alice"),
                        before.revision());
                out.println("  at pinned revision " + before.revision() + ": allowed=" + old.allowed());
            }

            ExpandResult expand = engine.expand(ObjectRef.parse("document:readme"), "can_view", 100);
            out.println("expand document:readme#can_view at revision " + expand.revision() + ":");
            out.print(expand.tree().render());
            out.println("  subjects: " + expand.subjects() + (expand.truncated() ? " (truncated)" : ""));

            Page page = engine.read(TupleFilter.resource(ObjectRef.parse("document:readme")), 3, null);
            out.println("read document:readme, first page of 3 at revision " + page.revision() + ":");
            for (RelationTuple t : page.rows()) {
                out.println("  " + t);
            }
            out.println("  more: " + page.hasMore());

            List<Change> changes = watch.drain(100);
            out.println("watch since revision 0: " + changes.size() + " changes");
            for (Change c : changes) {
                out.println("  " + c.revision() + " " + c.operation() + " " + c.tuple());
            }
            out.println("cache: " + engine.cache());
        }
    }

    private static void check(
            PrintStream out, AuthorizationEngine engine, String resource, String permission, String subject) {
        CheckResult r = engine.check(ObjectRef.parse(resource), permission, SubjectRef.parse(subject));
        out.println("check " + resource + "#" + permission + "@" + subject + " at revision " + r.revision() + ": "
                + (r.allowed() ? "ALLOW" : "DENY"));
    }

    private static RelationTuple tuple(String text) {
        return RelationTuple.parse(text);
    }
}
