package io.upgradeclient.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Finds changed files on one kind of release server (Subversion, HTTP listing, folder…). Registered as a service
 * with {@value PluginKind#TYPE_PROPERTY} set to the source type it reads, e.g. {@code svn}.
 *
 * <p>Thread-safety: the engine never runs the same check twice at once, but calls one checker for different
 * checks from several threads concurrently; implementations keep per-check state only in the {@link Checkpoint}.
 */
@ConsumerType
public interface Checker {
    /**
     * Lists what changed at the check's source since the checkpoint. Blocks on network or disk I/O; must honour
     * the connect and read timeouts it is configured with and return or fail within them, and must stop promptly
     * when the calling thread is interrupted.
     *
     * @param check the check's configuration
     * @param since what was seen last; {@link Checkpoint#NONE} on the first run, which looks back
     *        {@link CheckDefinition#lookBack()} only
     * @return the changes, oldest first, and the checkpoint to pass next time
     * @throws TransientException when the source cannot be reached now (network, 5xx, 429, timeout)
     * @throws PermanentException when it never will as configured (404, bad credentials, malformed listing)
     */
    CheckResult check(CheckDefinition check, Checkpoint since) throws TransientException, PermanentException;
}
