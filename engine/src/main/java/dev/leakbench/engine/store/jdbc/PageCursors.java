package dev.leakbench.engine.store.jdbc;

import dev.leakbench.engine.model.RelationTuple;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque Read cursors: the last row of a page, signed with a key that lives only in one store
 * instance. Paging is keyset paging (rows after that tuple in {@link RelationTuple} order), so the
 * cursor needs nothing but the row; the signature is what lets the store reject a cursor it did not
 * issue, including one from another store or one a caller edited, instead of silently paging from an
 * arbitrary position.
 *
 * <p>Format: {@code base64url(tuple text) "." base64url(first 16 bytes of HMAC-SHA256)}.
 */
final class PageCursors {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    PageCursors() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        key = new SecretKeySpec(secret, ALGORITHM);
    }

    String encode(RelationTuple last) {
        byte[] payload = last.toString().getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
    }

    /**
     * The row a cursor points after.
     *
     * @throws IllegalArgumentException if this instance did not issue the cursor
     */
    RelationTuple decode(String cursor) {
        int dot = cursor.indexOf('.');
        if (dot < 0) {
            throw notIssued(cursor, null);
        }
        try {
            byte[] payload = DECODER.decode(cursor.substring(0, dot));
            byte[] signature = DECODER.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(payload))) {
                throw notIssued(cursor, null);
            }
            return RelationTuple.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // bad base64, or (only if the key leaked) a signed payload that is not a tuple
            throw notIssued(cursor, e);
        }
    }

    private byte[] sign(byte[] payload) {
        try {
            // a Mac is not thread-safe and a ThreadLocal would pin one per thread forever; one per call is cheap
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(payload), SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is required by every Java platform but is unavailable", e);
        }
    }

    private static IllegalArgumentException notIssued(String cursor, Throwable cause) {
        String shown = cursor.length() > 80 ? cursor.substring(0, 80) + "..." : cursor;
        return new IllegalArgumentException(
                "cursor '" + shown + "' was not issued by this store"
                        + " (pass the nextCursor of a Page this store returned, or null for the first page)",
                cause);
    }
}
