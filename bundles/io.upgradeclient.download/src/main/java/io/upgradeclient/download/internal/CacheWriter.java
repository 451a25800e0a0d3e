package io.upgradeclient.download.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransferProgress;
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
    /** Big enough that hand-overs between the two threads cost nothing next to hashing and writing the bytes. */
    static final int BUFFER_SIZE = 1024 * 1024;
    /** Lets the reader run ahead of the writer while the disk catches up; the heap used is this times BUFFER_SIZE. */
    static final int BUFFERS = 4;
    /**
     * After this many bytes are written the disk is asked, in the background, to write them back. The page cache
     * would otherwise hold the whole file until the fsync before the rename, which then waits for the disk to write
     * all of it; flushing as we go overlaps the disk's work with the transfer, so the final fsync finds little left.
     */
    static final long WRITEBACK_BYTES = 32L * 1024 * 1024;

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
     * Streams a source into the {@code .part} file. The calling thread reads; a second thread computes the digests
     * and writes, so that on a fast link reading, hashing and writing overlap. Memory is {@value #BUFFERS} buffers of
     * {@value #BUFFER_SIZE} bytes, whatever the file size.
     *
     * @param in the source, read to its end; not closed
     * @param append whether to continue the existing {@code .part} file (its bytes are hashed first) or start anew
     * @param maxSize the most bytes the whole file may have
     * @param extraAlgorithm a digest to compute besides SHA-256 (for a published checksum), or {@code null}
     * @param total the whole file's expected size, or -1 when unknown; passed on to {@code progress}
     * @param progress told the bytes received so far (the resumed part included) after every buffer
     * @return what was written, in total
     * @throws PermanentException when the file grows beyond {@code maxSize} (the part is deleted)
     * @throws TransientException when the source breaks off or the disk fails (the part keeps every byte received,
     *         for a resume), or the thread is interrupted
     */
    Received receive(InputStream in, boolean append, long maxSize, String extraAlgorithm, long total,
            TransferProgress progress) throws TransientException, PermanentException {
        Map<String, MessageDigest> digests = new LinkedHashMap<>();
        digests.put(PublishedChecksums.SHA_256, digest(PublishedChecksums.SHA_256));
        if (extraAlgorithm != null) {
            digests.putIfAbsent(extraAlgorithm, digest(extraAlgorithm));
        }
        long size = append ? hashExisting(digests) : 0;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            IOException broken = null;
            try (Writer writer = new Writer(out, digests.values())) {
                while (broken == null) {
                    ByteBuffer buffer = writer.free();
                    byte[] bytes = buffer.array();
                    int filled = 0;
                    boolean end = false;
                    while (filled < bytes.length) {
                        int n;
                        try {
                            n = in.read(bytes, filled, bytes.length - filled);
                        } catch (IOException e) {
                            broken = e;
                            break;
                        }
                        if (n < 0) {
                            end = true;
                            break;
                        }
                        filled += n;
                    }
                    size += filled;
                    if (size > maxSize) {
                        writer.abandon();
                        break;
                    }
                    writer.write(buffer.limit(filled));
                    progress.transferred(size, total);
                    if (end) {
                        break;
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        throw new TransientException(change.url() + ": interrupted after " + size + " bytes", null);
                    }
                }
            }
            if (size > maxSize) {
                out.close();
                discard();
                throw tooLarge(maxSize);
            }
            if (broken != null) {
                throw new TransientException(change.url() + ": transfer broke off after " + size + " bytes: " + broken, broken);
            }
        } catch (IOException e) {
            throw new TransientException("cannot write " + part + ": " + e, e);
        }
        Map<String, String> hex = new LinkedHashMap<>();
        digests.forEach((algorithm, digest) -> hex.put(algorithm, HEX.formatHex(digest.digest())));
        return new Received(size, hex);
    }

    /**
     * The thread that digests and writes the buffers {@link #receive} fills, in order. Buffers go round between
     * two queues: {@link #free()} hands out an empty one (waiting while all are in use), {@link #write} queues a
     * filled one, {@link #close()} waits until everything queued is written and reports a disk failure.
     */
    private final class Writer implements AutoCloseable {
        private static final ByteBuffer END = ByteBuffer.allocate(0);

        private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
        private final BlockingQueue<ByteBuffer> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
        private final FileChannel out;
        private final Collection<MessageDigest> digests;
        private final Thread thread;
        private final Writeback writeback;
        private volatile IOException failure;
        private volatile boolean abandoned;
        private long unflushed;

        Writer(FileChannel out, Collection<MessageDigest> digests) {
            this.out = out;
            this.digests = digests;
            this.writeback = new Writeback(out);
            for (int i = 0; i < BUFFERS; i++) {
                free.add(ByteBuffer.allocate(BUFFER_SIZE));
            }
            thread = new Thread(this::run, "upgradeclient-download-writer");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (true) {
                ByteBuffer buffer;
                try {
                    buffer = filled.take();
                } catch (InterruptedException e) {
                    // nobody but END ends this thread
                    continue;
                }
                if (buffer == END) {
                    return;
                }
                if (failure == null && !abandoned) {
                    try {
                        for (MessageDigest digest : digests) {
                            digest.update(buffer.duplicate());
                        }
                        unflushed += buffer.remaining();
                        while (buffer.hasRemaining()) {
                            out.write(buffer);
                        }
                        if (unflushed >= WRITEBACK_BYTES) {
                            unflushed = 0;
                            writeback.request();
                        }
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                free.add(buffer.clear());
            }
        }

        /** @return an empty buffer */
        ByteBuffer free() throws IOException, TransientException {
            failed();
            try {
                return free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientException(change.url() + ": interrupted", e);
            }
        }

        /** Queues a filled buffer (position 0, limit its length). */
        void write(ByteBuffer buffer) throws IOException {
            failed();
            filled.add(buffer);
        }

        /** Skips writing what is still queued: the file is not wanted. */
        void abandon() {
            abandoned = true;
        }

        private void failed() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }

        /** Waits until the queued buffers are written (a few milliseconds at most, even when interrupted). */
        @Override
        public void close() throws IOException {
            filled.add(END);
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            writeback.close();
            failed();
        }
    }

    /**
     * Writes a file's dirty pages back to disk on a thread of its own while the transfer goes on
     * ({@code fdatasync}, see {@link #WRITEBACK_BYTES}). Requests made while one runs are folded into the next. It
     * is only a head start for the fsync of {@link #commit}, so a failure here is left for that fsync to report.
     */
    private static final class Writeback {
        private final FileChannel out;
        private final Thread thread;
        private boolean requested;
        private boolean closed;

        Writeback(FileChannel out) {
            this.out = out;
            thread = new Thread(this::run, "upgradeclient-download-writeback");
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void request() {
            requested = true;
            notifyAll();
        }

        private void run() {
            while (next()) {
                try {
                    out.force(false);
                } catch (IOException e) {
                    // the fsync before the rename reports it
                }
            }
        }

        private synchronized boolean next() {
            while (!requested && !closed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // nobody but close() ends this thread
                }
            }
            requested = false;
            return !closed;
        }

        /** Ends the thread after the write-back under way, so the channel can be closed. */
        void close() {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    PermanentException tooLarge(long maxSize) {
        return new PermanentException(change.url() + ": larger than the size limit of " + maxSize
                + " bytes (max_size_bytes / option max_size)");
    }

    private long hashExisting(Map<String, MessageDigest> digests) throws TransientException {
        long size = 0;
        byte[] buffer = new byte[BUFFER_SIZE];
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
