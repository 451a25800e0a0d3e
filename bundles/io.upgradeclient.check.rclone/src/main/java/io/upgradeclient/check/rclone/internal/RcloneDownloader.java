package io.upgradeclient.check.rclone.internal;

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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.Downloader;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.SafePaths;
import io.upgradeclient.api.TransferProgress;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.upload.rclone.internal.process.Rclone;
import io.upgradeclient.upload.rclone.internal.process.RcloneFailure;
import io.upgradeclient.upload.rclone.internal.process.RcloneRun;

/**
 * A {@link Downloader} of type {@code rclone}: fetches one file found by the rclone checker with {@code rclone cat},
 * streaming its output through a fixed buffer into {@code <name>.part} while SHA-256 is computed and the bytes are
 * reported as progress. The file must then have the size the listing gave; it is forced to disk, its checksum
 * recorded in {@code <name>.sha256}, and it is renamed atomically to {@code <name>}, so the cache never holds a
 * partial file under its final name. A {@code .part} left by a broken transfer is resumed
 * ({@code cat --offset}); its name holds the change's revision, so it never mixes two versions of a file.
 *
 * <p>The cache name is {@code <first 16 hex digits of SHA-256(url@revision)>-<file name reduced to [A-Za-z0-9._-]>},
 * as for the other downloaders: the remote name never becomes a path by itself.
 */
@Component(name = "io.upgradeclient.download.rclone", configurationPid = RcloneChecker.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = PluginKind.TYPE_PROPERTY + "=rclone")
public final class RcloneDownloader implements Downloader {
    private static final int BUFFER_SIZE = 1024 * 1024;
    private static final int MAX_NAME = 100;
    private static final HexFormat HEX = HexFormat.of();

    private final Path home;
    private volatile Map<String, String> defaults;

    /**
     * @param context for the distribution folder ({@code upgradeclient.home}), against which the config is found
     * @param config the defaults shared with the checker
     */
    @Activate
    public RcloneDownloader(BundleContext context, RcloneChecker.Config config) {
        this(Rclone.home(context.getProperty("upgradeclient.home")), RcloneChecker.defaults(config));
    }

    RcloneDownloader(Path home, Map<String, String> defaults) {
        this.home = home;
        this.defaults = defaults;
    }

    @Modified
    void modified(RcloneChecker.Config config) {
        this.defaults = RcloneChecker.defaults(config);
    }

    @Override
    public DownloadedFile download(CheckDefinition check, RemoteChange change, Path cacheDir)
            throws TransientException, PermanentException {
        return download(check, change, cacheDir, TransferProgress.NONE);
    }

    @Override
    public DownloadedFile download(CheckDefinition check, RemoteChange change, Path cacheDir, TransferProgress progress)
            throws TransientException, PermanentException {
        RcloneSource source = RcloneSource.of(check, defaults, home);
        // a job's URL must lie below the check's folder: nothing else of the remote is ever read
        SafePaths.relativeBelow(cacheDir, check.baseUrl(), change.url());
        String location = RcloneSource.location(change.url());
        String name = fileName(change);
        Path target = cacheDir.resolve(name);
        Path part = cacheDir.resolve(name + ".part");
        Path sidecar = cacheDir.resolve(name + ".sha256");
        try {
            Files.createDirectories(cacheDir);
            Optional<DownloadedFile> cached = cached(change, target, sidecar);
            if (cached.isPresent()) {
                return cached.get();
            }
            MessageDigest sha256 = sha256();
            long have = resume(part, sha256, change.size());
            long size = fetch(check, source, location, part, have, sha256, change.size(), progress);
            if (change.size() >= 0 && size != change.size()) {
                Files.deleteIfExists(part);
                throw new TransientException(location + ": received " + size + " bytes, the listing said " + change.size()
                        + " (changed while downloading?); fetched again next time", null);
            }
            String hex = HEX.formatHex(sha256.digest());
            Files.writeString(sidecar, hex + "  " + name + "\n", StandardCharsets.US_ASCII);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new DownloadedFile(change, target, size, hex);
        } catch (IOException e) {
            throw new TransientException(location + ": cannot write the cache " + cacheDir + ": " + e, e);
        }
    }

    /** Streams {@code rclone cat} into the part file from {@code offset} on; returns the part's final length. */
    private long fetch(CheckDefinition check, RcloneSource source, String location, Path part, long offset,
            MessageDigest sha256, long expected, TransferProgress progress)
            throws IOException, TransientException, PermanentException {
        List<String> args = new ArrayList<>(List.of("cat"));
        if (offset > 0) {
            args.add("--offset=" + offset);
        }
        args.add(location);
        String what = "check '" + check.name() + "': download of " + location;
        long size = offset;
        try (RcloneRun run = source.rclone().start(args, home, check.name(), TransferProgress.NONE);
                FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            InputStream in = run.stdout();
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                sha256.update(buffer, 0, n);
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                size += n;
                progress.transferred(size, expected);
            }
            int exit = run.await();
            if (exit != 0) {
                RcloneFailure.raise(what, exit, run.reason());
            }
            out.force(true);
            return size;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException(what + " interrupted; resumed next time", e);
        }
    }

    /** Hashes what a broken transfer left, to resume after it; drops it when it cannot be part of this file. */
    private static long resume(Path part, MessageDigest sha256, long expected) throws IOException {
        if (!Files.isRegularFile(part)) {
            return 0;
        }
        long length = Files.size(part);
        if (expected >= 0 && length > expected) {
            Files.delete(part);
            return 0;
        }
        try (InputStream in = Files.newInputStream(part)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
        }
        return length;
    }

    private static Optional<DownloadedFile> cached(RemoteChange change, Path target, Path sidecar) throws IOException {
        if (!Files.isRegularFile(target) || !Files.isRegularFile(sidecar)) {
            return Optional.empty();
        }
        String sha256 = Files.readString(sidecar, StandardCharsets.US_ASCII).strip().split("\\s+", 2)[0];
        return sha256.matches("[0-9a-f]{64}") ? Optional.of(new DownloadedFile(change, target, Files.size(target), sha256)) : Optional.empty();
    }

    static String fileName(RemoteChange change) {
        String hash = HEX.formatHex(sha256().digest(change.identity().getBytes(StandardCharsets.UTF_8)));
        String safe = change.fileName().replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.+", "");
        if (safe.length() > MAX_NAME) {
            safe = safe.substring(safe.length() - MAX_NAME);
        }
        return hash.substring(0, 16) + "-" + (safe.isEmpty() ? "file" : safe);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
