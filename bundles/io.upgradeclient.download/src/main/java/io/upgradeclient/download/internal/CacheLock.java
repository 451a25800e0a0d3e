package io.upgradeclient.download.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransientException;

/**
 * One download at a time per cache entry. Two checks watching the same URL queue the same change, and their jobs
 * would otherwise write, truncate and rename the same {@code .part} under each other (the one renamed second finds
 * no {@code .part}); holding the entry's lock, the second waits and then finds the first's file in the cache.
 * Locks are shared within this process, the only user of its cache folder, and dropped when nobody holds them.
 */
final class CacheLock implements AutoCloseable {
    private static final Map<Path, CacheLock> HELD = new ConcurrentHashMap<>();

    private final Path entry;
    private final ReentrantLock lock = new ReentrantLock();
    /** Holders and waiters; guarded by {@link #HELD}'s compute. */
    private int users;

    private CacheLock(Path entry) {
        this.entry = entry;
    }

    /**
     * Waits until nobody else downloads this change into this cache.
     *
     * @param cacheDir the cache folder
     * @param change the file to cache
     * @return the held lock, to close when the download is over
     * @throws TransientException when the thread is interrupted while waiting
     */
    static CacheLock hold(Path cacheDir, RemoteChange change) throws TransientException {
        Path entry = cacheDir.toAbsolutePath().normalize().resolve(CacheWriter.fileName(change));
        CacheLock shared = HELD.compute(entry, (key, existing) -> {
            CacheLock lock = existing == null ? new CacheLock(key) : existing;
            lock.users++;
            return lock;
        });
        try {
            shared.lock.lockInterruptibly();
        } catch (InterruptedException e) {
            shared.release();
            Thread.currentThread().interrupt();
            throw new TransientException(change.url() + ": interrupted while another download of it was running", e);
        }
        return shared;
    }

    private void release() {
        HELD.computeIfPresent(entry, (key, lock) -> --lock.users == 0 ? null : lock);
    }

    @Override
    public void close() {
        lock.unlock();
        release();
    }
}
