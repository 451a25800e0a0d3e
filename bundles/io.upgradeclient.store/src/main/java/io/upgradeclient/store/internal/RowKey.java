package io.upgradeclient.store.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 key of a row made of several fields (the history's daily upsert, the event counters). Each text field is
 * length-prefixed, so that ("ab", "c") and ("a", "bc") differ. One instance serves one batch on one thread; the bytes
 * are stored, so the layout must never change.
 */
final class RowKey {
    private final MessageDigest sha256;

    RowKey() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** @return this, with the text's UTF-8 length (4 bytes, big-endian) and bytes added */
    RowKey text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha256.update(bytes);
        return this;
    }

    /** @return this, with the number's 8 big-endian bytes added */
    RowKey number(long value) {
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
        return this;
    }

    /** @return the key of the fields added since the last call, ready for the next row */
    byte[] digest() {
        return sha256.digest();
    }
}
