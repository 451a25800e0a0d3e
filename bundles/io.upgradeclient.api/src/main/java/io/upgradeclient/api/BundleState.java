package io.upgradeclient.api;

/**
 * The OSGi life-cycle states of a bundle, by the names operators know from the shell and the Web Console.
 */
public enum BundleState {
    /** Installed but its dependencies are not resolved. */
    INSTALLED(0x02),
    /** Resolved, not started. */
    RESOLVED(0x04),
    /** Being started; components not yet all activated. */
    STARTING(0x08),
    /** Being stopped. */
    STOPPING(0x10),
    /** Started. */
    ACTIVE(0x20),
    /** Removed from the framework. */
    UNINSTALLED(0x01);

    private final int osgiState;

    BundleState(int osgiState) {
        this.osgiState = osgiState;
    }

    /**
     * @param osgiState a value of {@code org.osgi.framework.Bundle#getState()}
     * @return the matching state; {@link #UNINSTALLED} for a value that is no state
     */
    public static BundleState of(int osgiState) {
        for (BundleState state : values()) {
            if (state.osgiState == osgiState) {
                return state;
            }
        }
        return UNINSTALLED;
    }
}
