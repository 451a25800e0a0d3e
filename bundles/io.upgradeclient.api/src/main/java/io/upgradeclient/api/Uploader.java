package io.upgradeclient.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Publishes an artifact to one target. Registered with {@value PluginKind#TYPE_PROPERTY} set to the
 * {@code relation_type} it serves, e.g. {@code rsync} or {@code dir}.
 *
 * <p>Contract: idempotent — publishing the same artifact twice leaves the target as after once, so the engine
 * may retry after a crash. Transfers only the artifact's files. Thread-safe; blocks on I/O; stops promptly when
 * the calling thread is interrupted.
 */
@ConsumerType
public interface Uploader {
    /**
     * @param artifact the files to publish, relative to the artifact's root
     * @param target the target's configuration
     * @return what was transferred
     * @throws TransientException when the target cannot be reached now (connection refused, timeout, busy)
     * @throws PermanentException when it cannot succeed as configured (bad credentials, unknown module)
     */
    UploadReceipt upload(Artifact artifact, UploadTarget target) throws TransientException, PermanentException;

    /**
     * As {@link #upload(Artifact, UploadTarget)}, reporting the bytes sent as they go. The engine calls this one; an
     * uploader that can tell its progress overrides it, the others inherit this default, which reports nothing.
     *
     * @param progress told the bytes sent so far and the artifact's total size
     */
    default UploadReceipt upload(Artifact artifact, UploadTarget target, TransferProgress progress)
            throws TransientException, PermanentException {
        return upload(artifact, target);
    }
}
