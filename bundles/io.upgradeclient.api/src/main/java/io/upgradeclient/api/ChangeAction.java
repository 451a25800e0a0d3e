package io.upgradeclient.api;

/**
 * What happened to a remote file. Deletions are not reported: there is nothing to publish.
 */
public enum ChangeAction {
    /** The file is new. */
    ADDED,
    /** The file existed and its content changed. */
    MODIFIED
}
