package io.upgradeclient.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The two things every plugin that runs an external program (rclone, rsync) does around it: read its output line by
 * line while it runs — a program writing more than a pipe holds blocks until someone reads — and stop it when the
 * job is interrupted.
 *
 * @since 1.5
 */
public final class ChildProcesses {
    /** How long a program may take to end after SIGTERM before it is killed. */
    private static final long STOP_GRACE_SECONDS = 5;

    private ChildProcesses() {
    }

    /**
     * Reads a process's output (standard output or error) as UTF-8 lines on a daemon thread of its own.
     *
     * @param stream the process's stream
     * @param threadName the reading thread's name (shown in thread dumps)
     * @param sink takes each line, without its line terminator, on the reading thread
     * @return the started thread; join it after {@link Process#waitFor()} to have read every line
     */
    public static Thread readLines(InputStream stream, String threadName, Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process was stopped and its pipe closed under us: there is nothing more to read
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Stops a process that still runs: politely (SIGTERM, so it can remove its temporary files), then, after 5 s or
     * when the calling thread is interrupted meanwhile, forcibly. The interrupt is kept.
     *
     * @param process the process
     */
    public static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
