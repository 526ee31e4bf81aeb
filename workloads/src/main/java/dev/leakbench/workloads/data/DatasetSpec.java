package dev.leakbench.workloads.data;

/**
 * The shape of a {@link GraphDataset}: how many of each object, how they are connected, and the seed.
 * Every number is fixed here so that the same spec always yields the same tuples.
 *
 * @param seed                     generator seed; the same seed gives the same tuples
 * @param documents                documents, each under one folder
 * @param folders                  folders, arranged in trees at most {@code folderDepth} deep
 * @param users                    users {@code user:u0 .. user:u(n-1)}
 * @param groups                   groups; a share of them nest one other group
 * @param membersPerGroup          direct user members of each group (the userset fan-out)
 * @param directViewersPerDocument users granted {@code viewer} on each document directly
 * @param groupGrantShare          chance that a document or folder also grants a group's members
 * @param publicShare              chance that a document or folder is granted to {@code user:*}
 * @param folderDepth              levels of folders (1 = no nesting); a document adds one more hop
 * @param groupNesting             levels of groups (1 = no nesting, 2 = a group may contain a group)
 */
public record DatasetSpec(
        long seed,
        int documents,
        int folders,
        int users,
        int groups,
        int membersPerGroup,
        int directViewersPerDocument,
        double groupGrantShare,
        double publicShare,
        int folderDepth,
        int groupNesting) {

    /** The seed every benchmark uses unless told otherwise. */
    public static final long DEFAULT_SEED = 42;

    public DatasetSpec {
        positive(documents, "documents");
        positive(folders, "folders");
        positive(users, "users");
        positive(groups, "groups");
        positive(membersPerGroup, "membersPerGroup");
        positive(folderDepth, "folderDepth");
        positive(groupNesting, "groupNesting");
        if (directViewersPerDocument < 0) {
            throw new IllegalArgumentException(
                    "directViewersPerDocument must be >= 0, was " + directViewersPerDocument);
        }
        if (membersPerGroup > users) {
            throw new IllegalArgumentException(
                    "membersPerGroup (" + membersPerGroup + ") cannot exceed users (" + users + ")");
        }
        if (directViewersPerDocument > users) {
            throw new IllegalArgumentException(
                    "directViewersPerDocument (" + directViewersPerDocument + ") cannot exceed users (" + users + ")");
        }
        share(groupGrantShare, "groupGrantShare");
        share(publicShare, "publicShare");
        if (groupNesting > 2) {
            throw new IllegalArgumentException("groupNesting is 1 or 2, was " + groupNesting);
        }
    }

    /** The defaults: 1,000 documents under 100 folders, 1,000 users in 50 groups of 20. */
    public static DatasetSpec defaults() {
        return sized(DEFAULT_SEED, 1_000, 1_000);
    }

    /** A spec scaled from the document and user counts, the other numbers in proportion. */
    public static DatasetSpec sized(long seed, int documents, int users) {
        int groups = Math.max(1, users / 20);
        return new DatasetSpec(
                seed,
                documents,
                Math.max(1, documents / 10),
                users,
                groups,
                Math.min(20, users),
                Math.min(2, users),
                0.3,
                0.05,
                3,
                2);
    }

    public DatasetSpec withSeed(long newSeed) {
        return new DatasetSpec(
                newSeed,
                documents,
                folders,
                users,
                groups,
                membersPerGroup,
                directViewersPerDocument,
                groupGrantShare,
                publicShare,
                folderDepth,
                groupNesting);
    }

    public DatasetSpec withMembersPerGroup(int fanOut) {
        return new DatasetSpec(
                seed,
                documents,
                folders,
                users,
                groups,
                fanOut,
                directViewersPerDocument,
                groupGrantShare,
                publicShare,
                folderDepth,
                groupNesting);
    }

    /**
     * The longest inheritance chain in the data: a document under {@code folderDepth} folders, or
     * a user in {@code groupNesting} nested groups. A role manager must follow at least this many hops.
     */
    public int maxInheritanceHops() {
        return Math.max(folderDepth, groupNesting);
    }

    @Override
    public String toString() {
        return "seed " + seed + ", " + documents + " documents in " + folders + " folders (depth " + folderDepth
                + "), " + users + " users in " + groups + " groups of " + membersPerGroup
                + (groupNesting > 1 ? " (nested)" : "") + ", public share " + publicShare;
    }

    private static void positive(int v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + v);
        }
    }

    private static void share(double v, String name) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], was " + v);
        }
    }
}
