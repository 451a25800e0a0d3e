package io.upgradeclient.api;

import java.util.Objects;

/**
 * A {@link Filter}'s verdict on one change.
 *
 * @param change the change judged
 * @param accepted whether it goes on down the pipeline
 * @param reason why, in words an operator understands (recorded with rejections)
 */
public record FilterDecision(RemoteChange change, boolean accepted, String reason) {
    /**
     * @throws NullPointerException if a value is {@code null}
     */
    public FilterDecision {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param change the change judged
     * @param reason why it is kept
     * @return an accepting decision
     */
    public static FilterDecision accept(RemoteChange change, String reason) {
        return new FilterDecision(change, true, reason);
    }

    /**
     * @param change the change judged
     * @param reason why it is dropped
     * @return a rejecting decision
     */
    public static FilterDecision reject(RemoteChange change, String reason) {
        return new FilterDecision(change, false, reason);
    }
}
