package io.upgradeclient.core.internal.configured;

import io.upgradeclient.api.CheckDefinition;

/**
 * A check as configured right now; one service per check configuration, replaced when it changes.
 */
public interface ConfiguredCheck {
    /** @return the check */
    CheckDefinition definition();

    /** @return the type of the {@link io.upgradeclient.api.Packager} its files go through */
    String packager();
}
