package dev.leakbench.analysis.io;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Says what went wrong with a file in words, without exception class names: the messages of
 * {@code leakcheck} name the file and the reason ("permission denied", "is a directory",
 * "not UTF-8 text"), never a Java exception.
 */
public final class IoErrors {
    private IoErrors() {}

    /**
     * The reason of an I/O failure, e.g. "no such file", "permission denied", "is a directory".
     * When the exception names a file other than {@code subject} (a parent directory that is a
     * file, the temporary file beside it), that file is named too.
     */
    public static String reason(IOException e, java.nio.file.Path subject) {
        String reason = reason(e);
        if (e instanceof FileSystemException fse
                && fse.getFile() != null
                && subject != null
                && !same(fse.getFile(), subject)
                && !same(fse.getOtherFile(), subject)) {
            return fse.getFile() + ": " + reason;
        }
        return reason;
    }

    private static boolean same(String file, java.nio.file.Path subject) {
        return file != null
                && java.nio.file.Path.of(file)
                        .toAbsolutePath()
                        .normalize()
                        .equals(subject.toAbsolutePath().normalize());
    }

    /** The reason of an I/O failure in a few words. */
    public static String reason(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text (a binary file?)";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "exists and is not a directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "is a directory that is not empty";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return lowerFirst(fse.getReason());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "I/O error" : lowerFirst(m);
    }

    /**
     * The 1-based line of {@code file} that first is not UTF-8, or {@code fallback}. A decoding
     * reader fails when it fills its buffer, often lines before the bad bytes; this finds the line
     * itself (read again, only on that error path).
     */
    public static long firstMalformedLine(java.nio.file.Path file, long fallback) {
        try (java.io.InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file))) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            long number = 1;
            int b;
            while (true) {
                b = in.read();
                if (b == '\n' || b < 0) {
                    try {
                        java.nio.charset.StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                                .decode(java.nio.ByteBuffer.wrap(line.toByteArray()));
                    } catch (CharacterCodingException e) {
                        return number;
                    }
                    if (b < 0) {
                        return fallback;
                    }
                    line.reset();
                    number++;
                } else {
                    line.write(b);
                }
            }
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    private static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
            return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
        }
        return s;
    }
}
