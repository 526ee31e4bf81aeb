package dev.leakbench.analysis.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whole-file replacement: write a temporary file in the target's directory, force it to disk,
 * rename it over the target atomically, then sync the directory. A reader sees the old file or
 * the new one, never a part; a crash leaves at most a stray {@code .NAME.<digits>.tmp} file, which
 * {@link #deleteStaleTemps} removes for writers that serialise under a lock.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** A new empty temporary file beside {@code target}, readable by all (rw-r--r--) where POSIX. */
    public static Path createTemp(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = "." + target.getFileName() + ".";
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(
                    dir,
                    prefix,
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        }
        return Files.createTempFile(dir, prefix, ".tmp");
    }

    /**
     * Deletes the temporary files {@link #createTemp} made for {@code target} that are still there:
     * each is what a process killed between creating and renaming it left, as large as the file it
     * was replacing. Safe only while the caller holds a lock that every writer of {@code target}
     * holds from creating its temporary file to renaming it (as {@code HistoryStore}'s append does):
     * then no temporary file of a live writer exists.
     *
     * @return the files deleted
     */
    public static List<Path> deleteStaleTemps(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Pattern name = Pattern.compile(Pattern.quote("." + abs.getFileName() + ".") + "[0-9]+" + Pattern.quote(".tmp"));
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return deleted;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(
                dir, p -> name.matcher(p.getFileName().toString()).matches())) {
            for (Path p : entries) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) {
                    deleted.add(p);
                }
            }
        }
        return deleted;
    }

    /**
     * Why {@code dir} cannot be (or be created as) a directory to write into, or null: it exists
     * and is not a directory, or the nearest of its parents that exists is not one.
     */
    public static String whyNotADirectory(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            return Files.isDirectory(abs) ? null : "exists and is not a directory";
        }
        return whyNoParent(abs);
    }

    /**
     * Why {@code file} cannot be (or be created as) a regular file, or null: it exists and is a
     * directory or something else, or the nearest of its parents that exists is not a directory.
     */
    public static String whyNotAFile(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            if (Files.isDirectory(abs)) {
                return "is a directory, not a file";
            }
            return Files.isRegularFile(abs) ? null : "not a regular file";
        }
        return whyNoParent(abs);
    }

    private static String whyNoParent(Path abs) {
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? null : "cannot be created: " + p + " is not a directory";
            }
        }
        return null;
    }

    /** Renames {@code tmp} over {@code target} atomically and syncs the directory. */
    public static void commit(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "cannot rename atomically in " + target.toAbsolutePath().getParent() + "; " + target
                            + " not changed",
                    e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Writes a text file whole. */
    public static void write(Path target, String content) throws IOException {
        Path tmp = createTemp(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can open a directory; the rename itself is atomic
        }
    }
}
