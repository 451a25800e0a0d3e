package io.upgradeclient.core.internal.registry;

import org.osgi.framework.Bundle;

/**
 * Names of the OSGi bundle states, as operators know them from the shell and the Web Console.
 */
final class BundleStates {
    private BundleStates() {
    }

    static String name(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
