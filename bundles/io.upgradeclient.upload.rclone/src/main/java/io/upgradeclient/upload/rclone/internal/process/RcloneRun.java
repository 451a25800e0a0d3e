package io.upgradeclient.upload.rclone.internal.process;

import java.io.InputStream;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.upgradeclient.api.ChildProcesses;
import io.upgradeclient.api.TransferProgress;

/**
 * One running rclone process. Its standard error — rclone's JSON log lines — is read on a thread of its own while it
 * runs, so a chatty run never blocks on a full pipe: statistics lines become progress, error lines are kept to
 * explain a failure. Standard output is the caller's ({@code lsjson} listings, {@code cat} contents), or discarded.
 */
public final class RcloneRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RcloneRun.class);

    private final Process process;
    private final String label;
    private final TransferProgress progress;
    private final Thread stderr;
    private Thread stdout;

    // written by the stderr thread only, read after it ended (join gives the happens-before)
    private long bytes;
    private long transfers;
    private String firstError;
    private String plainLine;
    private String lastMessage;

    RcloneRun(Process process, List<String> command, String label, TransferProgress progress) {
        this.process = process;
        this.label = label;
        this.progress = progress;
        LOG.debug("rclone '{}': {}", label, command);
        this.stderr = ChildProcesses.readLines(process.getErrorStream(), "rclone-err-" + label, this::stderrLine);
    }

    /**
     * @return rclone's standard output, to be read by the caller while it runs
     */
    public InputStream stdout() {
        return process.getInputStream();
    }

    /** Reads and drops standard output, for commands whose result is the exit code and the statistics. */
    public void discardStdout() {
        stdout = ChildProcesses.readLines(process.getInputStream(), "rclone-out-" + label, line -> LOG.trace("rclone '{}' out: {}", label, line));
    }

    /**
     * @return the exit code, once the process ended and its output was read
     * @throws InterruptedException if the calling thread is interrupted; the process is then stopped
     */
    public int await() throws InterruptedException {
        try {
            int exit = process.waitFor();
            stderr.join();
            if (stdout != null) {
                stdout.join();
            }
            return exit;
        } catch (InterruptedException e) {
            close();
            throw e;
        }
    }

    /**
     * @return the bytes rclone last reported as transferred ({@code stats.bytes}); read after {@link #await()}
     */
    public long bytes() {
        return bytes;
    }

    /**
     * @return the files rclone last reported as transferred ({@code stats.transfers}); read after {@link #await()}
     */
    public long transfers() {
        return transfers;
    }

    /**
     * @return the line that best explains a failure: the first error rclone logged, else a plain (non-JSON) line
     *         such as its fatal start-up message, else its last message; empty when it said nothing
     */
    public String reason() {
        for (String line : new String[] {firstError, plainLine, lastMessage}) {
            if (line != null) {
                return line;
            }
        }
        return "";
    }

    /** Stops the process if it still runs: politely, then forcibly. */
    @Override
    public void close() {
        ChildProcesses.stop(process);
    }

    private void stderrLine(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return;
        }
        JsonObject json = parse(text);
        if (json == null) {
            // rclone's fatal start-up errors ("Failed to create file system …") bypass the JSON logger
            LOG.debug("rclone '{}' err: {}", label, text);
            if (plainLine == null) {
                plainLine = text;
            }
            return;
        }
        JsonElement stats = json.get("stats");
        if (stats != null && stats.isJsonObject()) {
            bytes = number(stats.getAsJsonObject(), "bytes");
            transfers = number(stats.getAsJsonObject(), "transfers");
            progress.transferred(bytes, number(stats.getAsJsonObject(), "totalBytes"));
            LOG.trace("rclone '{}' stats: {}", label, stats);
            return;
        }
        String level = string(json, "level");
        String object = string(json, "object");
        String message = (object.isEmpty() ? "" : object + ": ") + string(json, "msg").strip();
        LOG.debug("rclone '{}' {}: {}", label, level, message);
        if ((level.equals("error") || level.equals("critical")) && firstError == null) {
            firstError = message;
        }
        lastMessage = message;
    }

    private static JsonObject parse(String text) {
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            JsonElement element = JsonParser.parseString(text);
            return element.isJsonObject() ? element.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }

    private static long number(JsonObject json, String key) {
        JsonElement value = json.get(key);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber() ? value.getAsLong() : -1;
    }

    private static String string(JsonObject json, String key) {
        JsonElement value = json.get(key);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
    }
}
