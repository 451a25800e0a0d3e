package io.upgradeclient.upload.dir.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.SafePaths;
import io.upgradeclient.api.TransferProgress;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.api.Uploader;

/**
 * An {@link Uploader} of type {@code dir}: copies an artifact's files into a local or mounted folder, keeping
 * their relative layout. Each file is written under a temporary name in its destination folder and then renamed
 * atomically, so a reader of the target (the upgrade server) never sees a half-written firmware. A destination
 * file with the same content is left untouched, which makes a repeated upload free and idempotent. Each published
 * path belongs to the check that published it first ({@link PublishedPaths}): another check that would replace it
 * with other bytes gets a permanent error instead of silently overwriting it.
 *
 * <p>Settings of the {@code upload.json} section: {@code path} (required; relative paths are resolved against the
 * framework property {@code upgradeclient.home}) and {@code fsync} ({@code true} to force each file to disk
 * before it is renamed; default {@code false}).
 */
@Component(name = DirUploader.PID, property = PluginKind.TYPE_PROPERTY + "=" + DirUploader.TYPE)
public final class DirUploader implements Uploader {
    /** The component name. */
    public static final String PID = "io.upgradeclient.upload.dir";
    /** The {@code relation_type} this uploader serves. */
    public static final String TYPE = "dir";

    private static final Logger LOG = LoggerFactory.getLogger(DirUploader.class);

    private final Path home;

    /**
     * @param context this bundle's context, for the framework property {@code upgradeclient.home}
     */
    @Activate
    public DirUploader(BundleContext context) {
        this(homeOf(context.getProperty("upgradeclient.home")));
    }

    DirUploader(Path home) {
        this.home = home;
    }

    private static Path homeOf(String property) {
        return property == null || property.isBlank() ? Path.of("").toAbsolutePath() : Path.of(property);
    }

    @Override
    public UploadReceipt upload(Artifact artifact, UploadTarget target) throws TransientException, PermanentException {
        return upload(artifact, target, TransferProgress.NONE);
    }

    /** Reports progress file by file: the bytes of the files done (copied or found identical) of all files. */
    @Override
    public UploadReceipt upload(Artifact artifact, UploadTarget target, TransferProgress progress) throws TransientException, PermanentException {
        String name = target.ref().name();
        DirSettings settings = DirSettings.of(target, home);
        Path folder = settings.folder();
        boolean fsync = settings.fsync();
        long bytes = 0;
        int copied = 0;
        try {
            Files.createDirectories(folder);
            Path realFolder = folder.toRealPath();
            PublishedPaths owners = new PublishedPaths(home, realFolder);
            List<String> taken = new ArrayList<>();
            for (Path file : artifact.files()) {
                Path destination = resolveInside(realFolder, file);
                owners.ownerOtherThan(artifact.check(), destination)
                        .filter(owner -> !sameContent(artifact.root().resolve(file), destination))
                        .ifPresent(owner -> taken.add(file + " (published by check '" + owner + "')"));
            }
            if (!taken.isEmpty()) {
                throw owners.conflict(name, artifact.check(), taken);
            }
            long total = totalSize(artifact);
            long done = 0;
            for (Path file : artifact.files()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new TransientException("upload '" + name + "' interrupted after " + copied + " file(s)", null);
                }
                Path destination = resolveInside(realFolder, file);
                long sent = copyOne(artifact.root().resolve(file), destination, realFolder, fsync, owners, artifact.check(), name);
                if (sent >= 0) {
                    bytes += sent;
                    copied++;
                }
                done += Files.size(destination);
                progress.transferred(done, total);
            }
        } catch (IOException e) {
            throw new TransientException("upload '" + name + "' to " + folder + " failed: " + e, e);
        }
        LOG.debug("Upload '{}': {} of {} file(s) copied to {}, {} bytes", name, copied, artifact.files().size(), folder, bytes);
        return new UploadReceipt(bytes, "copied " + copied + " of " + artifact.files().size() + " file(s) to " + folder);
    }

    private static long totalSize(Artifact artifact) throws IOException {
        long total = 0;
        for (Path file : artifact.files()) {
            Path source = artifact.root().resolve(file);
            total += Files.isRegularFile(source) ? Files.size(source) : 0;
        }
        return total;
    }

    /**
     * Where a relative artifact path lands below the target. The artifact already refuses paths that climb out,
     * but its file names come from remote sources, so the uploader checks again rather than trust one guard.
     */
    static Path resolveInside(Path realFolder, Path file) throws PermanentException {
        String text = file.toString();
        if (file.isAbsolute() || text.isEmpty() || text.chars().anyMatch(Character::isISOControl)) {
            throw new PermanentException("artifact file '" + printable(text) + "': expected a relative path without control characters");
        }
        for (Path segment : file) {
            if (segment.toString().equals("..")) {
                throw new PermanentException("artifact file '" + printable(text) + "' would escape the target folder: '..' is not allowed");
            }
        }
        SafePaths.fitsNameLimit(file);
        Path destination = realFolder.resolve(file).normalize();
        if (!destination.startsWith(realFolder) || destination.equals(realFolder)) {
            throw new PermanentException("artifact file '" + printable(text) + "' would escape the target folder");
        }
        return destination;
    }

    static String temporaryName(Path destination) {
        return SafePaths.temporaryName(destination, ".upload.part");
    }

    private static boolean sameContent(Path source, Path destination) {
        try {
            return Files.isRegularFile(destination) && Files.mismatch(source, destination) == -1;
        } catch (IOException e) {
            return false;
        }
    }

    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * @return the bytes written, or {@code -1} when the destination already held the same content
     */
    private static long copyOne(Path source, Path destination, Path realFolder, boolean fsync, PublishedPaths owners,
            String check, String targetName) throws IOException, PermanentException {
        long size;
        try {
            size = Files.size(source);
        } catch (NoSuchFileException e) {
            throw new PermanentException("artifact file " + source + " is missing from the staging area", e);
        }
        Path parent = destination.getParent();
        Files.createDirectories(parent);
        // A symbolic link inside the target could still lead the write elsewhere; compare real locations.
        if (!parent.toRealPath().startsWith(realFolder)) {
            throw new PermanentException("target folder " + parent + " leads outside " + realFolder + " through a symbolic link");
        }
        if (Files.isRegularFile(destination) && Files.size(destination) == size && Files.mismatch(source, destination) == -1) {
            return -1;
        }
        Optional<String> owner = owners.claim(check, destination);
        if (owner.isPresent()) {
            throw owners.conflict(targetName, check, List.of(realFolder.relativize(destination) + " (published by check '" + owner.get() + "')"));
        }
        // One temporary name per destination: after a crash mid-copy, the retry writes over the leftover and renames it.
        Path temp = parent.resolve(temporaryName(destination));
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            if (fsync) {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return size;
    }
}
