package io.upgradeclient.core.internal.engine;

/**
 * Another node took over a job this node was running (this node's lease ran out, e.g. while the store was
 * unreachable): this node stops working on it and leaves its state to the other node.
 */
final class LeaseLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param refusal the store's refusal to record the job */
    LeaseLost(IllegalStateException refusal) {
        super(refusal.getMessage(), refusal);
    }
}
