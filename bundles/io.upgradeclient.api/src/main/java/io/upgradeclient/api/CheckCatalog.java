package io.upgradeclient.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The checks configured right now and how each is doing. Offered by the engine; thread-safe; never blocks.
 */
@ProviderType
public interface CheckCatalog {
    /**
     * @return every configured check, ordered by name
     */
    List<CheckDefinition> checks();

    /**
     * @param check a check's name
     * @return the type of the {@link Packager} the check's files go through before they are published, or empty
     *         when there is no such check (or the catalog does not know)
     * @since 1.3
     */
    default Optional<String> packager(String check) {
        return Optional.empty();
    }

    /**
     * @return the status of every configured check, ordered by name
     */
    List<CheckStatus> statuses();

    /**
     * Runs a check now, outside its schedule, on the calling thread; blocks until the run ends.
     *
     * @param check the check's name
     * @param dryRun when set, only shows what the checker and filters would pick: nothing is queued and the
     *        checkpoint does not move
     * @return what the run did ({@code "already running"} when a scheduled run is in progress), or empty when
     *         there is no such check
     */
    Optional<CheckRun> run(String check, boolean dryRun);
}
