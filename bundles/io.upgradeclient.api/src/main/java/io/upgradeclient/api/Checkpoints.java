package io.upgradeclient.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What each check saw last, kept across restarts. Offered by the store; thread-safe; writes are durable when
 * the call returns.
 */
@ProviderType
public interface Checkpoints {
    /**
     * @param check the check's name
     * @return its checkpoint, or {@link Checkpoint#NONE} if it never ran
     */
    Checkpoint load(String check);

    /**
     * @param check the check's name
     * @param checkpoint what it saw last
     */
    void save(String check, Checkpoint checkpoint);
}
