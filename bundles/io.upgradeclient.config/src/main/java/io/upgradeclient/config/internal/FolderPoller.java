package io.upgradeclient.config.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scan of the configuration folder at a fixed delay on one thread of its own.
 *
 * <p>Why polling rather than {@code java.nio.file.WatchService}: the watch service needs a registration per
 * folder (and {@code check/} may be created later), can overflow and drop events, is itself a poller on some
 * platforms and sees nothing on network or bind-mounted folders. Fingerprinting a handful of small files once a
 * second is cheap, catches every add, edit and delete the same way, and cannot miss one.
 */
final class FolderPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FolderPoller.class);

    private final Runnable scan;
    private final Duration period;
    private final ScheduledExecutorService executor;

    /**
     * @param scan one pass over the folder; an exception it throws is logged and the next pass still runs
     * @param period the delay between the end of one pass and the start of the next
     * @param threadName the name of the polling thread, as it appears in thread dumps
     */
    FolderPoller(Runnable scan, Duration period, String threadName) {
        this.scan = scan;
        this.period = period;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Makes a first pass on the calling thread, then polls on this poller's own: whoever starts it knows the
     * folder has been applied once when this returns.
     */
    void start() {
        runOnce();
        executor.scheduleWithFixedDelay(this::runOnce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            scan.run();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: keep polling whatever went wrong
            LOG.error("Scanning the configuration folder failed; trying again in {} ms", period.toMillis(), e);
        }
    }

    /** Stops polling and waits for a pass in progress to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The configuration folder scan did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
