package io.upgradeclient.store.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The name a node goes by in the shared store ({@code node.name}): what the operator set, else the instance's name
 * and the host's, so that two installations on two machines differ without any setting.
 */
final class NodeName {
    private NodeName() {
    }

    /**
     * @param configured {@code node.name}, possibly blank
     * @param instance the instance's name
     * @return the node's name
     */
    static String of(String configured, String instance) {
        return configured.isBlank() ? instance + "@" + host() : configured.strip();
    }

    private static String host() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
