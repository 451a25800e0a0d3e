package io.upgradeclient.web.internal.console;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.ComponentRegistry;

/**
 * Lets tests of other packages render the Web Console tab.
 */
public final class ConsolePluginAccess {
    private ConsolePluginAccess() {
    }

    public static String content(CheckCatalog checks, ComponentRegistry registry) {
        return new ConsolePlugin(checks, registry).content();
    }
}
