package io.upgradeclient.check.file.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checker;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.RepeatedWarnings;
import io.upgradeclient.api.TransientException;

/**
 * A {@link Checker} of type {@code file}: watches a local or mounted folder ({@code base_url} is a {@code file:}
 * URI). It walks the folder (depth bounded by {@code option.max_depth}), and reports each file whose size or
 * modification time differs from the checkpoint, a serialized map {@code path -> size:mtime}.
 *
 * <p>A file still being copied in must not be published half-written, so a file counts only once it has not been
 * modified for {@code option.stable_seconds}; until then it stays unseen in the checkpoint and is reported by a
 * later run. Symbolic links are never followed out of the folder: a linked file is read only when its target lies
 * inside the folder, and linked folders are not entered (that also rules out cycles).
 */
@Component(name = "io.upgradeclient.check.file", property = PluginKind.TYPE_PROPERTY + "=file")
public final class FileChecker implements Checker {
    private static final Logger LOG = LoggerFactory.getLogger(FileChecker.class);

    private final Clock clock;
    private final Consumer<String> warn;
    /* The same links and unreadable folders are met on every scan: say so once an hour, not every few seconds. */
    private final RepeatedWarnings warnings;

    /** Uses the system clock. */
    @Activate
    public FileChecker() {
        this(Clock.systemUTC(), LOG::warn);
    }

    FileChecker(Clock clock) {
        this(clock, LOG::warn);
    }

    /**
     * @param warn where warnings go (the log)
     */
    FileChecker(Clock clock, Consumer<String> warn) {
        this.clock = clock;
        this.warn = warn;
        this.warnings = new RepeatedWarnings(Duration.ofHours(1), clock);
    }

    /** One regular file found by the walk. */
    private record Found(String path, long size, long mtime) {
        String state() {
            return size + ":" + mtime;
        }
    }

    @Override
    public CheckResult check(CheckDefinition check, Checkpoint since) throws TransientException, PermanentException {
        Instant now = clock.instant();
        FileOptions options = FileOptions.of(check);
        Duration stable = options.stable();
        int maxDepth = options.maxDepth();
        Path folder = folder(check);
        Map<String, String> seen = previous(check, since);

        Walk walk = new Walk(folder, maxDepth);
        try {
            Files.walkFileTree(folder, EnumSet.noneOf(FileVisitOption.class), maxDepth, walk);
        } catch (IOException e) {
            throw new TransientException(check.name() + ": cannot read folder " + folder + ": " + e.getMessage(), e);
        }
        if (walk.interrupted) {
            Thread.currentThread().interrupt();
            throw new TransientException(check.name() + ": interrupted while reading " + folder, null);
        }
        if (!walk.linksOut.isEmpty()) {
            Map.Entry<Path, Path> first = walk.linksOut.entrySet().iterator().next();
            warnings.admit(check.name() + " links out", "Check '" + check.name() + "': " + walk.linksOut.size()
                    + " link(s) point out of the watched folder and are skipped, e.g. " + first.getKey() + " -> " + first.getValue())
                    .ifPresent(warn);
        }
        for (String denied : walk.deniedFolders) {
            warnings.admit(check.name() + " denied " + denied, "Check '" + check.name() + "': cannot read " + folder.resolve(denied)
                    + ": permission denied; its files are kept as last seen").ifPresent(warn);
        }

        Instant stableBefore = now.minus(stable);
        Instant lookBackStart = now.minus(check.lookBack());
        Map<String, String> next = new TreeMap<>();
        List<Found> reported = new ArrayList<>();
        for (Found found : walk.files) {
            String before = seen.get(found.path());
            if (found.state().equals(before)) {
                next.put(found.path(), before);
            } else if (Instant.ofEpochMilli(found.mtime()).isAfter(stableBefore)) {
                LOG.debug("Check '{}': {} changed less than {} ago; reported once stable", check.name(), found.path(), stable);
                if (before != null) {
                    next.put(found.path(), before);
                }
            } else {
                next.put(found.path(), found.state());
                if (!since.isNone() || !Instant.ofEpochMilli(found.mtime()).isBefore(lookBackStart)) {
                    reported.add(found);
                }
            }
        }
        for (String denied : walk.deniedFolders) {
            // An unreadable folder must not make its files look deleted, or they would all be reported again later.
            seen.forEach((path, state) -> {
                if (path.equals(denied) || path.startsWith(denied + "/")) {
                    next.put(path, state);
                }
            });
        }
        reported.sort(Comparator.comparingLong(Found::mtime).thenComparing(Found::path));
        List<RemoteChange> changes = new ArrayList<>(reported.size());
        for (Found found : reported) {
            changes.add(change(Path.of(check.baseUrl()), found, seen.containsKey(found.path())));
        }
        return new CheckResult(changes, new Checkpoint(CheckpointCodec.encode(next), now));
    }

    /** The URL is built from base_url as configured, not from the resolved folder, so it stays below base_url. */
    private static RemoteChange change(Path base, Found found, boolean known) {
        int slash = found.path().indexOf('/');
        String fileType = slash < 0 ? "" : found.path().substring(0, slash);
        String name = found.path().substring(found.path().lastIndexOf('/') + 1);
        URI url = URI.create(base.resolve(found.path()).toUri().toASCIIString());
        return new RemoteChange(known ? ChangeAction.MODIFIED : ChangeAction.ADDED, url, name, fileType, "",
                Instant.ofEpochMilli(found.mtime()), found.mtime() + ":" + found.size(), found.size());
    }

    private static Path folder(CheckDefinition check) throws PermanentException {
        Path folder;
        try {
            folder = Path.of(check.baseUrl());
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new PermanentException(check.name() + ": base_url " + check.baseUrl()
                    + " is not a file: URI of a local folder (" + e.getMessage() + ")", e);
        }
        try {
            Path real = folder.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new PermanentException(check.name() + ": base_url " + check.baseUrl() + " is not a folder");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw new PermanentException(check.name() + ": folder " + folder + " (base_url) does not exist", e);
        } catch (IOException e) {
            throw new PermanentException(check.name() + ": folder " + folder + " (base_url) cannot be opened: " + e, e);
        }
    }

    private static Map<String, String> previous(CheckDefinition check, Checkpoint since) throws PermanentException {
        if (since.isNone()) {
            return new LinkedHashMap<>();
        }
        try {
            return CheckpointCodec.decode(since.value());
        } catch (IllegalArgumentException e) {
            throw new PermanentException(check.name() + ": stored checkpoint is not a folder listing: " + e.getMessage(), e);
        }
    }

    /**
     * Collects the regular files below the folder, never leaving it through a symbolic link. Files that vanish
     * during the walk are simply not there; unreadable ones are remembered so their last state is kept.
     */
    private static final class Walk extends SimpleFileVisitor<Path> {
        private final Path root;
        private final int maxDepth;
        final List<Found> files = new ArrayList<>();
        final List<String> deniedFolders = new ArrayList<>();
        /** Links leading out of the folder, to their targets. */
        final Map<Path, Path> linksOut = new LinkedHashMap<>();
        boolean interrupted;

        Walk(Path root, int maxDepth) {
            this.root = root;
            this.maxDepth = maxDepth;
        }

        private String relative(Path path) {
            StringBuilder out = new StringBuilder();
            for (Path segment : root.relativize(path)) {
                if (out.length() > 0) {
                    out.append('/');
                }
                out.append(segment);
            }
            return out.toString();
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (Thread.currentThread().isInterrupted()) {
                interrupted = true;
                return FileVisitResult.TERMINATE;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (attrs.isRegularFile()) {
                files.add(new Found(relative(file), attrs.size(), attrs.lastModifiedTime().toMillis()));
            } else if (attrs.isSymbolicLink()) {
                linked(file);
            } else if (attrs.isDirectory()) {
                LOG.debug("Folder {} is deeper than max_depth {}; not walked", file, maxDepth);
            }
            return FileVisitResult.CONTINUE;
        }

        private void linked(Path link) throws IOException {
            Path target;
            try {
                target = link.toRealPath();
            } catch (NoSuchFileException dangling) {
                LOG.debug("Dangling link {} skipped", link);
                return;
            }
            if (!target.startsWith(root)) {
                linksOut.put(link, target);
                return;
            }
            BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isRegularFile()) {
                files.add(new Found(relative(link), attrs.size(), attrs.lastModifiedTime().toMillis()));
            }
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            if (e instanceof AccessDeniedException) {
                deniedFolders.add(relative(file));
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }
    }
}
