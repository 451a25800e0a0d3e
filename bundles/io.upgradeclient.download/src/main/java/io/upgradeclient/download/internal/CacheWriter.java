package io.upgradeclient.download.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransientException;

/**
 * Writes one change's file into the cache, the same way for every source: the bytes stream through a fixed buffer
 * into {@code <name>.part} while SHA-256 (and the algorithm of a published checksum) is computed; then the file is
 * checked, forced to disk and renamed atomically to {@code <name>}, and its checksum recorded in
 * {@code <name>.sha256}. The cache therefore never holds a partial or unverified file under its final name, and a
 * {@code .part} left by a broken transfer can be resumed.
 *
 * <p>The name is {@code <first 16 hex digits of SHA-256(url@revision)>-<file name reduced to [A-Za-z0-9._-]>}: the
 * remote name never becomes a path by itself, and another revision of the same URL gets another file.
 */
final class CacheWriter {
    static final int BUFFER_SIZE = 64 * 1024;

    private static final int MAX_NAME = 100;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * What a transfer wrote to the {@code .part} file.
     *
     * @param size its length in bytes
     * @param digests hex digests by algorithm ({@code SHA-256}, and {@code MD5} when asked for)
     */
    record Received(long size, Map<String, String> digests) {
        String sha256() {
            return digests.get(PublishedChecksums.SHA_256);
        }
    }

    private final RemoteChange change;
    private final Path target;
    private final Path part;
    private final Path validator;
    private final Path sidecar;

    /**
     * @param cacheDir the cache folder; created when missing
     * @param change the file to cache
     * @throws TransientException when the folder cannot be created
     */
    CacheWriter(Path cacheDir, RemoteChange change) throws TransientException {
        this.change = change;
        String name = fileName(change);
        this.target = cacheDir.resolve(name);
        this.part = cacheDir.resolve(name + ".part");
        this.validator = cacheDir.resolve(name + ".part.validator");
        this.sidecar = cacheDir.resolve(name + ".sha256");
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new TransientException("cannot create cache folder " + cacheDir + ": " + e, e);
        }
    }

    static String fileName(RemoteChange change) {
        String hash = HEX.formatHex(digest(PublishedChecksums.SHA_256).digest(change.identity().getBytes(StandardCharsets.UTF_8)));
        String safe = change.fileName().replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.+", "");
        if (safe.length() > MAX_NAME) {
            safe = safe.substring(safe.length() - MAX_NAME);
        }
        return hash.substring(0, 16) + "-" + (safe.isEmpty() ? "file" : safe);
    }

    Path target() {
        return target;
    }

    /**
     * @return the cached file when this URL and revision were downloaded and verified before
     */
    Optional<DownloadedFile> cached() {
        try {
            if (!Files.isRegularFile(target) || !Files.isRegularFile(sidecar)) {
                return Optional.empty();
            }
            String line = Files.readString(sidecar, StandardCharsets.US_ASCII).strip();
            String sha256 = line.split("\\s+", 2)[0];
            if (!sha256.matches("[0-9a-f]{64}")) {
                return Optional.empty();
            }
            return Optional.of(new DownloadedFile(change, target, Files.size(target), sha256));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @return how many bytes a previous, broken transfer left in the {@code .part} file */
    long partLength() {
        try {
            return Files.isRegularFile(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** @return the ETag or Last-Modified the {@code .part} file's bytes came with, for {@code If-Range} */
    Optional<String> partValidator() {
        try {
            return Files.isRegularFile(validator) ? Optional.of(Files.readString(validator, StandardCharsets.UTF_8).strip())
                    .filter(value -> !value.isEmpty()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * @param value the ETag or Last-Modified of the transfer now starting from 0, or empty for none
     */
    void recordPartValidator(Optional<String> value) throws TransientException {
        try {
            if (value.isPresent()) {
                Files.writeString(validator, value.get(), StandardCharsets.UTF_8);
            } else {
                Files.deleteIfExists(validator);
            }
        } catch (IOException e) {
            throw new TransientException("cannot write " + validator + ": " + e, e);
        }
    }

    /**
     * Streams a source into the {@code .part} file.
     *
     * @param in the source, read to its end; not closed
     * @param append whether to continue the existing {@code .part} file (its bytes are hashed first) or start anew
     * @param maxSize the most bytes the whole file may have
     * @param extraAlgorithm a digest to compute besides SHA-256 (for a published checksum), or {@code null}
     * @return what was written, in total
     * @throws PermanentException when the file grows beyond {@code maxSize} (the part is deleted)
     * @throws TransientException when the source breaks off or the disk fails (the part is kept for a resume), or
     *         the thread is interrupted
     */
    Received receive(InputStream in, boolean append, long maxSize, String extraAlgorithm)
            throws TransientException, PermanentException {
        Map<String, MessageDigest> digests = new LinkedHashMap<>();
        digests.put(PublishedChecksums.SHA_256, digest(PublishedChecksums.SHA_256));
        if (extraAlgorithm != null) {
            digests.putIfAbsent(extraAlgorithm, digest(extraAlgorithm));
        }
        byte[] buffer = new byte[BUFFER_SIZE];
        long size = append ? hashExisting(buffer, digests) : 0;
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw new TransientException(change.url() + ": transfer broke off after " + size + " bytes: " + e, e);
                }
                if (n < 0) {
                    break;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new TransientException(change.url() + ": interrupted after " + size + " bytes", null);
                }
                size += n;
                if (size > maxSize) {
                    out.close();
                    discard();
                    throw tooLarge(maxSize);
                }
                out.write(buffer, 0, n);
                for (MessageDigest digest : digests.values()) {
                    digest.update(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            throw new TransientException("cannot write " + part + ": " + e, e);
        }
        Map<String, String> hex = new LinkedHashMap<>();
        digests.forEach((algorithm, digest) -> hex.put(algorithm, HEX.formatHex(digest.digest())));
        return new Received(size, hex);
    }

    PermanentException tooLarge(long maxSize) {
        return new PermanentException(change.url() + ": larger than the size limit of " + maxSize
                + " bytes (max_size_bytes / option max_size)");
    }

    private long hashExisting(byte[] buffer, Map<String, MessageDigest> digests) throws TransientException {
        long size = 0;
        try (InputStream existing = Files.newInputStream(part)) {
            int n;
            while ((n = existing.read(buffer)) >= 0) {
                size += n;
                for (MessageDigest digest : digests.values()) {
                    digest.update(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            throw new TransientException("cannot read " + part + ": " + e, e);
        }
        return size;
    }

    /**
     * Verifies the {@code .part} file against a published checksum and moves it into place.
     *
     * @param received what {@link #receive} wrote
     * @param published the checksum the source publishes, if any
     * @return the cached file
     * @throws PermanentException on a checksum mismatch (the part is deleted)
     * @throws TransientException when the disk fails
     */
    DownloadedFile commit(Received received, Optional<PublishedChecksums.Checksum> published)
            throws TransientException, PermanentException {
        if (published.isPresent()) {
            PublishedChecksums.Checksum expected = published.get();
            String actual = received.digests().get(expected.algorithm());
            if (!expected.hex().equalsIgnoreCase(actual)) {
                discard();
                throw new PermanentException(change.url() + ": " + expected.algorithm() + " mismatch: " + expected.source()
                        + " publishes " + expected.hex().toLowerCase(Locale.ROOT) + ", the download has " + actual);
            }
        }
        try {
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Path temp = sidecar.resolveSibling(sidecar.getFileName() + ".tmp");
            Files.writeString(temp, received.sha256() + "  " + target.getFileName() + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(validator);
        } catch (IOException e) {
            throw new TransientException("cannot move " + part + " into the cache: " + e, e);
        }
        return new DownloadedFile(change, target, received.size(), received.sha256());
    }

    /** Deletes the {@code .part} file, so that the next attempt starts from 0. */
    void discard() {
        try {
            Files.deleteIfExists(part);
            Files.deleteIfExists(validator);
        } catch (IOException e) {
            // the next attempt truncates it anyway
        }
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }
}
