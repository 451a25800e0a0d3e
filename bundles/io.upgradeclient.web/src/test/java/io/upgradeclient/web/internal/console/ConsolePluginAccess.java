package io.upgradeclient.web.internal.console;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.api.JobQueue;

/**
 * Lets tests of other packages render the Web Console tab.
 */
public final class ConsolePluginAccess {
    private ConsolePluginAccess() {
    }

    public static String content(CheckCatalog checks, ComponentRegistry registry, JobQueue jobs) {
        return new ConsolePlugin(checks, registry, jobs).content();
    }
}
