package io.upgradeclient.check.http.internal;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransientException;

/**
 * One run over a check's folder tree. Folders are fetched and parsed by at most {@code max_parallel} worker
 * threads; the calling thread alone merges their results into the new state and the changes, so that no state is
 * shared between workers. An unchanged folder (HTTP 304) is taken from the previous state, sub-folders included,
 * and those are still visited: a change deep down does not change the listings above it.
 */
final class FolderWalk {
    private static final Logger LOG = LoggerFactory.getLogger(FolderWalk.class);

    /**
     * @param changes the changes found, oldest first
     * @param state what was seen, for the next run
     * @param requests folders requested
     * @param notModified folders the server answered with 304
     */
    record Result(List<RemoteChange> changes, ListingState state, int requests, int notModified, List<String> refused) {
    }

    private record Task(URI url, String key, int depth) {
    }

    private record Outcome(Task task, ListingClient.Reply reply, List<ListingEntry> entries, List<String> refused) {
    }

    private final String check;
    private final URI base;
    private final ListingClient client;
    private final CheckOptions options;
    private final ListingState previous;
    private final Instant started;
    private final Instant lookBackFrom;

    /**
     * @param check the check's name, for logs and thread names
     * @param base the base URL, a folder URL
     * @param client fetches listings
     * @param options parallelism and depth
     * @param previous the last run's state, or {@code null} on the first run
     * @param started when this run started: the change time of files whose listing gives none
     * @param lookBackFrom on the first run, files modified before this are recorded but not reported
     */
    FolderWalk(String check, URI base, ListingClient client, CheckOptions options, ListingState previous, Instant started,
            Instant lookBackFrom) {
        this.check = check;
        this.base = base;
        this.client = client;
        this.options = options;
        this.previous = previous;
        this.started = started;
        this.lookBackFrom = lookBackFrom;
    }

    Result run() throws TransientException, PermanentException {
        ExecutorService pool = Executors.newFixedThreadPool(options.maxParallel(), threads(check));
        CompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
        Map<String, ListingState.Folder> folders = new LinkedHashMap<>();
        List<RemoteChange> changes = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Set<String> queued = new HashSet<>();
        int pending = 0;
        int requests = 0;
        int notModified = 0;
        int beyondDepth = 0;
        try {
            Task root = new Task(base, "", 0);
            queued.add(root.key());
            done.submit(() -> list(root));
            pending++;
            while (pending > 0) {
                Outcome outcome = take(done);
                pending--;
                requests++;
                if (outcome.reply() instanceof ListingClient.NotModified) {
                    notModified++;
                }
                refused.addAll(outcome.refused());
                for (String child : merge(outcome, folders, changes)) {
                    Task task = new Task(URI.create(base + child), child, outcome.task().depth() + 1);
                    if (task.depth() > options.maxDepth()) {
                        beyondDepth++;
                    } else if (queued.add(child)) {
                        done.submit(() -> list(task));
                        pending++;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException("check '" + check + "': interrupted while listing " + base, e);
        } finally {
            pool.shutdownNow();
        }
        if (beyondDepth > 0) {
            LOG.info("check '{}': {} folder(s) deeper than max_depth {} below {} were not listed", check, beyondDepth,
                    options.maxDepth(), base);
        }
        changes.sort(Comparator.comparing(RemoteChange::changedAt).thenComparing(change -> change.url().toString()));
        return new Result(changes, new ListingState(base, folders), requests, notModified, refused);
    }

    private static Outcome take(CompletionService<Outcome> done) throws TransientException, PermanentException, InterruptedException {
        try {
            return done.take().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TransientException transientFailure) {
                throw transientFailure;
            }
            if (cause instanceof PermanentException permanent) {
                throw permanent;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Runs on a worker: one request, and the parsing of what it returned. */
    private Outcome list(Task task) throws TransientException, PermanentException, InterruptedException {
        ListingState.Folder stored = previous == null ? null : previous.folder(task.key());
        ListingClient.Reply reply = client.fetch(task.url(), stored != null && stored.hasValidators() ? stored : null);
        if (!(reply instanceof ListingClient.Listing listing)) {
            return new Outcome(task, reply, List.of(), List.of());
        }
        ListingParser.Parsed parsed = ListingParser.parse(listing.url(), listing.contentType(), listing.body());
        Map<String, ListingEntry> entries = new LinkedHashMap<>();
        int ignored = 0;
        List<String> refused = new ArrayList<>();
        for (ListingParser.Link link : parsed.links()) {
            var entry = Links.child(listing.url(), link);
            if (entry.isPresent()) {
                entries.putIfAbsent(entry.get().relative(), entry.get());
            } else {
                ignored++;
                Links.unsafe(link).ifPresent(reason -> refused.add("listing " + listing.url() + ": refused the link '"
                        + printable(link.href()) + "': " + reason));
            }
        }
        LOG.debug("check '{}': {} read as {}: {} entries, {} links ignored", check, listing.url(), parsed.format().label,
                entries.size(), ignored);
        return new Outcome(task, reply, List.copyOf(entries.values()), refused);
    }

    /** Hrefs come from the remote page: show control characters as escapes, never raw. */
    private static String printable(String href) {
        StringBuilder out = new StringBuilder();
        href.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /**
     * Records one folder's outcome in the new state and collects its changes.
     *
     * @return the keys of its sub-folders, to be listed next
     */
    private Set<String> merge(Outcome outcome, Map<String, ListingState.Folder> folders, List<RemoteChange> changes) {
        Task task = outcome.task();
        if (outcome.reply() instanceof ListingClient.Skipped skipped) {
            LOG.warn("check '{}': folder left out: {}", check, skipped.reason());
            return Set.of();
        }
        if (outcome.reply() instanceof ListingClient.NotModified) {
            ListingState.Folder unchanged = previous.folder(task.key());
            folders.put(task.key(), unchanged);
            return new LinkedHashSet<>(unchanged.dirs());
        }
        ListingClient.Listing listing = (ListingClient.Listing) outcome.reply();
        ListingState.Folder before = previous == null ? null : previous.folder(task.key());
        Set<String> dirs = new LinkedHashSet<>();
        Map<String, String> files = new LinkedHashMap<>();
        for (ListingEntry entry : outcome.entries()) {
            if (entry.directory()) {
                dirs.add(entry.url().getRawPath().substring(base.getRawPath().length()));
                continue;
            }
            String revision = entry.revision();
            files.put(entry.segment(), revision);
            String was = before == null ? null : before.files().get(entry.segment());
            if (previous == null) {
                if (entry.modified() != null && !entry.modified().isBefore(lookBackFrom)) {
                    changes.add(change(ChangeAction.ADDED, entry));
                }
            } else if (was == null) {
                changes.add(change(ChangeAction.ADDED, entry));
            } else if (!was.equals(revision)) {
                changes.add(change(ChangeAction.MODIFIED, entry));
            }
        }
        folders.put(task.key(), new ListingState.Folder(listing.etag(), listing.lastModified(), List.copyOf(dirs), files));
        return dirs;
    }

    private RemoteChange change(ChangeAction action, ListingEntry entry) {
        return new RemoteChange(action, entry.url(), entry.name(), Links.firstSegment(base, entry.url()), "",
                entry.modified() == null ? started : entry.modified(), entry.revision(), entry.size());
    }

    private static ThreadFactory threads(String check) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "upgradeclient-http-" + check + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
