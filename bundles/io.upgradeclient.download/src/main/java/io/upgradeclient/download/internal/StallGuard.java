package io.upgradeclient.download.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A read timeout for streams that have none (the JDK HTTP client's body stream, a process's output): while a
 * transfer runs, a timer looks every so often whether bytes arrived within the timeout and whether the
 * downloading thread was interrupted; if not, or if so, it runs an action that unblocks the read (closing the
 * HTTP body stream, destroying the process).
 */
final class StallGuard implements AutoCloseable {
    /**
     * @param name the thread's name
     * @return the one-thread timer a downloader's stall guards run on; shut it down when the downloader goes
     */
    static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    private final Duration timeout;
    private final Thread owner;
    private final Runnable unblock;
    private final ScheduledFuture<?> task;
    private volatile long lastProgress = System.nanoTime();
    private boolean closed;
    private boolean fired;
    private boolean stalled;

    /**
     * @param timer runs the checks
     * @param timeout how long the stream may stay silent
     * @param unblock what ends a blocked read; run at most once, never after {@link #close()}
     */
    StallGuard(ScheduledExecutorService timer, Duration timeout, Runnable unblock) {
        this.timeout = timeout;
        this.owner = Thread.currentThread();
        this.unblock = unblock;
        long period = Math.max(50, Math.min(1000, timeout.toMillis() / 4));
        this.task = timer.scheduleWithFixedDelay(this::look, period, period, TimeUnit.MILLISECONDS);
    }

    /** @return {@code in}, counting every read as progress */
    InputStream watch(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                lastProgress = System.nanoTime();
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                lastProgress = System.nanoTime();
                return n;
            }
        };
    }

    private synchronized void look() {
        if (closed || fired) {
            return;
        }
        boolean silent = System.nanoTime() - lastProgress > timeout.toNanos();
        if (silent || owner.isInterrupted()) {
            fired = true;
            stalled = silent;
            unblock.run();
        }
    }

    /** @return whether the stream stayed silent longer than the timeout */
    synchronized boolean stalled() {
        return stalled;
    }

    @Override
    public synchronized void close() {
        closed = true;
        task.cancel(false);
    }
}
