package io.upgradeclient.core.internal.configured;

import io.upgradeclient.api.UploadTarget;

/**
 * An upload target as configured right now; one service per target configuration.
 */
public interface ConfiguredTarget {
    /** @return the target */
    UploadTarget target();
}
