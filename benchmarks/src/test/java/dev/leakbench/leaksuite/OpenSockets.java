package dev.leakbench.leaksuite;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Sockets this process holds open: the entries of {@code /proc/self/fd} that link to
 * {@code socket:[inode]} (TCP client and server ends, listening sockets, Unix sockets). With the
 * {@code embedded-jdbc} target both ends of every pool connection live in this JVM (the H2 server runs
 * in-process on 127.0.0.1), so a connection that is opened and never closed shows up twice.
 *
 * <p>Linux only: elsewhere there is no reading and the suite leaves the metric out.
 */
final class OpenSockets {
    private static final Path FDS = Path.of("/proc/self/fd");

    private OpenSockets() {}

    /** True when this platform can count sockets. */
    static boolean supported() {
        return Files.isDirectory(FDS) && count().isPresent();
    }

    /** Open sockets now, or empty when {@code /proc/self/fd} cannot be read. */
    static OptionalLong count() {
        long n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed while we listed (the directory stream's own descriptor, a racing close): not open
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(n);
    }
}
