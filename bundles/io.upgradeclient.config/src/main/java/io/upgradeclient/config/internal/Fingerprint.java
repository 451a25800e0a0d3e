package io.upgradeclient.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a file looks like now. The content hash is part of it because modification times are coarse on some
 * file systems: two saves within one tick with the same size must still count as a change.
 *
 * @param size the size in bytes
 * @param modified the last modification time
 * @param sha256 the content's SHA-256
 */
record Fingerprint(long size, FileTime modified, String sha256) {
    /**
     * @param file a regular file
     * @return its fingerprint, hashed as a stream
     * @throws IOException if it cannot be read, e.g. because it was just deleted
     */
    static Fingerprint of(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return new Fingerprint(attributes.size(), attributes.lastModifiedTime(), HexFormat.of().formatHex(digest.digest()));
    }
}
