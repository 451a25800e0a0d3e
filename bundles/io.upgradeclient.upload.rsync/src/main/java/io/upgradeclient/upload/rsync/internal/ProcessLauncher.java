package io.upgradeclient.upload.rsync.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts the rsync process. A seam so tests can see exactly which arguments and files a run gets.
 */
@FunctionalInterface
interface ProcessLauncher {
    /** Starts the command with {@link ProcessBuilder}, standard input closed. */
    ProcessLauncher DEFAULT = (command, directory, environment) -> {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        builder.environment().remove("RSYNC_PASSWORD");
        return builder.start();
    };

    /**
     * @param command the program and its arguments
     * @param directory the working directory
     * @param environment variables to set in addition to the inherited ones
     * @return the started process
     * @throws IOException if it cannot be started
     */
    Process start(List<String> command, Path directory, Map<String, String> environment) throws IOException;
}
