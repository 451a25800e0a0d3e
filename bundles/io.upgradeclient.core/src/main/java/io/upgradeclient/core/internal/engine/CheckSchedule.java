package io.upgradeclient.core.internal.engine;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One schedule per check: a tick at the check's interval starts a run on a bounded pool unless the check's
 * previous run is still going, so a check never overlaps itself and a slow check holds at most one pool thread.
 */
final class CheckSchedule {
    private final ScheduledExecutorService timer;
    private final ExecutorService pool;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param timer fires the ticks; one thread is enough, it only hands runs to the pool
     * @param pool runs the checks
     */
    CheckSchedule(ScheduledExecutorService timer, ExecutorService pool) {
        this.timer = timer;
        this.pool = pool;
    }

    /**
     * Schedules a check, replacing its earlier schedule; the first run starts at once.
     *
     * @param name the check's name
     * @param interval the delay between the end of a tick and the next
     * @param run what a run does
     */
    void schedule(String name, Duration interval, Runnable run) {
        Entry entry = new Entry(run);
        Entry previous = entries.put(name, entry);
        if (previous != null) {
            previous.cancel();
            entry.running = previous.running;
        }
        entry.future = timer.scheduleWithFixedDelay(() -> entry.tick(pool), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @param name the check's name
     */
    void cancel(String name) {
        Entry entry = entries.remove(name);
        if (entry != null) {
            entry.cancel();
        }
    }

    /**
     * Runs a check at once on the calling thread, unless it is running already.
     *
     * @param name the check's name
     * @param run what to do
     * @return what the run returned, or empty when the check was running already
     */
    <T> Optional<T> runNow(String name, Supplier<T> run) {
        Entry entry = entries.get(name);
        AtomicBoolean running = entry == null ? new AtomicBoolean() : entry.running;
        if (!running.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            return Optional.of(run.get());
        } finally {
            running.set(false);
        }
    }

    /** Stops all ticks; runs in progress finish or are interrupted by the pool's owner. */
    void cancelAll() {
        entries.values().forEach(Entry::cancel);
        entries.clear();
    }

    private static final class Entry {
        private final Runnable run;
        /* Shared with the entry it replaces, so a reconfigured check still never overlaps its running self. */
        volatile AtomicBoolean running = new AtomicBoolean();
        volatile ScheduledFuture<?> future;
        private volatile boolean cancelled;

        Entry(Runnable run) {
            this.run = run;
        }

        void tick(ExecutorService pool) {
            AtomicBoolean flag = running;
            if (cancelled || !flag.compareAndSet(false, true)) {
                return;
            }
            try {
                pool.execute(() -> {
                    try {
                        if (!cancelled) {
                            run.run();
                        }
                    } finally {
                        flag.set(false);
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                flag.set(false);
            }
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
