package dev.leakbench.workloads.data;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The seeded authorization graph every workload runs on: documents in a folder tree, users in
 * (possibly nested) groups, and {@code viewer} grants to users, to group members and to everyone
 * ({@code user:*}). Documents and folders inherit {@code viewer} from their parent folder.
 *
 * <p>The data uses only what the embedded engine and jCasbin share — direct grants, group
 * membership and parent inheritance — so both engines can be checked on the same tuples and must
 * give the same answers (see {@link ReferenceEvaluator}). The schema is {@link #SCHEMA}.
 *
 * <p>Generation is a pure function of the {@link DatasetSpec}: a {@link SplittableRandom} seeded
 * with {@link DatasetSpec#seed()}, no clock, no hash-order dependence.
 */
public final class GraphDataset implements Dataset {

    /** The schema of the shared semantics (IPL); the jCasbin adapter models the same three rules. */
    public static final String SCHEMA = """
            type user {}
            type group {
              relation member: user | group#member
            }
            type folder {
              relation parent: folder
              relation viewer: user | user:* | group#member = this | viewer from parent
            }
            type document {
              relation parent: folder
              relation viewer: user | user:* | group#member = this | viewer from parent
            }
            """;

    public static final String USER = "user";
    public static final String GROUP = "group";
    public static final String FOLDER = "folder";
    public static final String DOCUMENT = "document";
    public static final String VIEWER = "viewer";
    public static final String MEMBER = "member";
    public static final String PARENT = "parent";

    private final DatasetSpec spec;
    private final List<RelationTuple> tuples;
    private final List<ObjectRef> documents;
    private final List<ObjectRef> folders;
    private final List<ObjectRef> groups;
    private final List<SubjectRef> users;
    private volatile ReferenceEvaluator evaluator;

    private GraphDataset(
            DatasetSpec spec,
            List<RelationTuple> tuples,
            List<ObjectRef> documents,
            List<ObjectRef> folders,
            List<ObjectRef> groups,
            List<SubjectRef> users) {
        this.spec = spec;
        this.tuples = Collections.unmodifiableList(tuples);
        this.documents = List.copyOf(documents);
        this.folders = List.copyOf(folders);
        this.groups = List.copyOf(groups);
        this.users = List.copyOf(users);
    }

    /** Generates the dataset described by {@code spec}. */
    public static GraphDataset generate(DatasetSpec spec) {
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        Set<RelationTuple> out = new LinkedHashSet<>();
        SubjectRef everyone = SubjectRef.wildcard(USER);

        List<SubjectRef> users = new ArrayList<>(spec.users());
        for (int i = 0; i < spec.users(); i++) {
            users.add(SubjectRef.of(USER, "u" + i));
        }

        // Groups: level 0 hold users; with nesting, about half of the upper half also hold a level-0 group.
        List<ObjectRef> groups = new ArrayList<>(spec.groups());
        int lowerHalf = Math.max(1, spec.groups() / 2);
        for (int g = 0; g < spec.groups(); g++) {
            ObjectRef group = ObjectRef.of(GROUP, "g" + g);
            groups.add(group);
            for (int u : distinct(rnd, spec.users(), spec.membersPerGroup())) {
                out.add(RelationTuple.of(group, MEMBER, users.get(u)));
            }
            if (spec.groupNesting() > 1 && g >= lowerHalf && rnd.nextBoolean()) {
                ObjectRef inner = groups.get(rnd.nextInt(lowerHalf));
                out.add(RelationTuple.of(group, MEMBER, SubjectRef.userset(GROUP, inner.id(), MEMBER)));
            }
        }

        // Folders: a forest; a folder's parent is an earlier folder at a level above the deepest one.
        List<ObjectRef> folders = new ArrayList<>(spec.folders());
        int[] level = new int[spec.folders()];
        List<Integer> canParent = new ArrayList<>();
        for (int f = 0; f < spec.folders(); f++) {
            ObjectRef folder = ObjectRef.of(FOLDER, "f" + f);
            folders.add(folder);
            boolean root = f == 0 || spec.folderDepth() == 1 || canParent.isEmpty() || rnd.nextDouble() < 0.2;
            if (!root) {
                int parent = canParent.get(rnd.nextInt(canParent.size()));
                level[f] = level[parent] + 1;
                out.add(RelationTuple.of(folder, PARENT, SubjectRef.of(folders.get(parent))));
            }
            if (level[f] < spec.folderDepth() - 1) {
                canParent.add(f);
            }
            if (rnd.nextDouble() < 0.5) {
                out.add(RelationTuple.of(folder, VIEWER, users.get(rnd.nextInt(spec.users()))));
            }
            grantShared(rnd, spec, folder, groups, everyone, out);
        }

        // Documents: one parent folder, a few direct viewers, sometimes a group or everyone.
        List<ObjectRef> documents = new ArrayList<>(spec.documents());
        for (int d = 0; d < spec.documents(); d++) {
            ObjectRef doc = ObjectRef.of(DOCUMENT, "d" + d);
            documents.add(doc);
            out.add(RelationTuple.of(doc, PARENT, SubjectRef.of(folders.get(rnd.nextInt(spec.folders())))));
            for (int u : distinct(rnd, spec.users(), spec.directViewersPerDocument())) {
                out.add(RelationTuple.of(doc, VIEWER, users.get(u)));
            }
            grantShared(rnd, spec, doc, groups, everyone, out);
        }
        // At least one public document, so checks by visitors (who are in no group) can be allowed.
        if (spec.publicShare() > 0) {
            out.add(RelationTuple.of(documents.get(0), VIEWER, everyone));
        }
        return new GraphDataset(spec, new ArrayList<>(out), documents, folders, groups, users);
    }

    private static void grantShared(
            SplittableRandom rnd,
            DatasetSpec spec,
            ObjectRef resource,
            List<ObjectRef> groups,
            SubjectRef everyone,
            Set<RelationTuple> out) {
        if (rnd.nextDouble() < spec.groupGrantShare()) {
            ObjectRef g = groups.get(rnd.nextInt(groups.size()));
            out.add(RelationTuple.of(resource, VIEWER, SubjectRef.userset(GROUP, g.id(), MEMBER)));
        }
        if (rnd.nextDouble() < spec.publicShare()) {
            out.add(RelationTuple.of(resource, VIEWER, everyone));
        }
    }

    /** {@code k} distinct ints in {@code [0, n)}, in draw order. */
    private static int[] distinct(SplittableRandom rnd, int n, int k) {
        int[] picked = new int[k];
        Set<Integer> seen = new HashSet<>();
        int i = 0;
        while (i < k) {
            int v = rnd.nextInt(n);
            if (seen.add(v)) {
                picked[i++] = v;
            }
        }
        return picked;
    }

    @Override
    public String schema() {
        return SCHEMA;
    }

    @Override
    public List<RelationTuple> tuples() {
        return tuples;
    }

    @Override
    public long seed() {
        return spec.seed();
    }

    public DatasetSpec spec() {
        return spec;
    }

    public List<ObjectRef> documents() {
        return documents;
    }

    public List<ObjectRef> folders() {
        return folders;
    }

    public List<ObjectRef> groups() {
        return groups;
    }

    public List<SubjectRef> users() {
        return users;
    }

    /** The reference answers for this data, built on first use. */
    public ReferenceEvaluator evaluator() {
        ReferenceEvaluator e = evaluator;
        if (e == null) {
            e = new ReferenceEvaluator(tuples);
            evaluator = e;
        }
        return e;
    }

    @Override
    public String toString() {
        return tuples.size() + " tuples (" + spec + ")";
    }
}
