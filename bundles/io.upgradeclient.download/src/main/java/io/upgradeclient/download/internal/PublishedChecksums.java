package io.upgradeclient.download.internal;

import java.util.Optional;
import java.util.regex.Pattern;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.TransientException;

/**
 * Finds the checksum a source publishes beside a file, in this order: {@code <file>.sha256}, the file's line in
 * {@code SHA256SUMS} of the same folder, {@code <file>.md5}. The first one found is the one verified.
 */
final class PublishedChecksums {
    static final String SHA_256 = "SHA-256";
    static final String MD5 = "MD5";

    /** Checksum files are a few lines; anything larger is not one. */
    static final int MAX_COMPANION_BYTES = 1 << 20;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

    /** The files that may carry a checksum of {@code <file>}. */
    enum Companion {
        /** {@code <file>.sha256} */
        SHA256_FILE,
        /** {@code SHA256SUMS} in the same folder */
        SHA256SUMS,
        /** {@code <file>.md5} */
        MD5_FILE
    }

    /**
     * @param algorithm {@value #SHA_256} or {@value #MD5}
     * @param hex the published digest
     * @param source where it was found, for messages
     */
    record Checksum(String algorithm, String hex, String source) {
    }

    /** Reads a companion file of the source. */
    @FunctionalInterface
    interface Reader {
        /**
         * @return the companion's text (at most {@link #MAX_COMPANION_BYTES}) with a name for messages, or empty
         *         when the source does not publish it
         */
        Optional<Text> read(Companion companion) throws TransientException, PermanentException;
    }

    /**
     * @param where the companion's URL or path, for messages
     * @param content its text
     */
    record Text(String where, String content) {
    }

    private PublishedChecksums() {
    }

    /**
     * @param fileName the file's decoded name, as {@code SHA256SUMS} lists it
     * @param reader reads the companions
     * @return the first checksum published, if any
     * @throws PermanentException when a {@code .sha256} or {@code .md5} file holds no checksum
     */
    static Optional<Checksum> find(String fileName, Reader reader) throws TransientException, PermanentException {
        Optional<Text> sha256 = reader.read(Companion.SHA256_FILE);
        if (sha256.isPresent()) {
            return Optional.of(single(sha256.get(), SHA_256, SHA256_HEX, "64"));
        }
        Optional<Text> sums = reader.read(Companion.SHA256SUMS);
        if (sums.isPresent()) {
            for (String line : sums.get().content().split("\\R")) {
                String[] fields = line.strip().split("\\s+", 2);
                if (fields.length == 2 && SHA256_HEX.matcher(fields[0]).matches() && listedName(fields[1]).equals(fileName)) {
                    return Optional.of(new Checksum(SHA_256, fields[0], sums.get().where()));
                }
            }
        }
        Optional<Text> md5 = reader.read(Companion.MD5_FILE);
        if (md5.isPresent()) {
            return Optional.of(single(md5.get(), MD5, MD5_HEX, "32"));
        }
        return Optional.empty();
    }

    /** {@code sha256sum} marks binary mode with {@code *}; some tools prefix {@code ./}. */
    private static String listedName(String field) {
        String name = field.startsWith("*") ? field.substring(1) : field;
        return name.startsWith("./") ? name.substring(2) : name;
    }

    private static Checksum single(Text text, String algorithm, Pattern hex, String digits) throws PermanentException {
        String first = text.content().strip().split("\\s+", 2)[0];
        if (!hex.matcher(first).matches()) {
            throw new PermanentException(text.where() + ": expected " + digits + " hex digits (" + algorithm + ") at the start, got '"
                    + (first.length() > 70 ? first.substring(0, 70) + "…" : first).replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return new Checksum(algorithm, first, text.where());
    }
}
