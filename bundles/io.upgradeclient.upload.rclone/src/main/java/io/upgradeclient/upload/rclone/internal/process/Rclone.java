package io.upgradeclient.upload.rclone.internal.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.TransferProgress;

/**
 * How upgradeclient runs the rclone program, the same way for every plugin: the configuration file is named by its
 * path ({@code --config}) and rclone reads the (obscured) passwords from it, so no secret is ever an argument; rclone
 * never prompts ({@code --ask-password=false}, standard input closed); it logs JSON lines to standard error
 * ({@code --use-json-log}), which carry the transfer statistics ({@code --stats}) that become the job's progress.
 *
 * <p>Shared by the rclone uploader and the rclone checker and downloader: the checker's bundle copies this package
 * in privately (bnd {@code -conditionalpackage}), so there is one way to drive rclone and no package to export.
 *
 * @param binary the rclone program
 * @param config the configuration file, or {@code null} for rclone's own default
 * @param timeoutSeconds the connect timeout and the I/O idle timeout
 */
public record Rclone(String binary, Path config, int timeoutSeconds) {

    /** The configuration file used when a section names none: {@code config/rclone.conf} of the distribution. */
    public static final String DEFAULT_CONFIG = "config/rclone.conf";

    /**
     * @param property the framework property {@code upgradeclient.home}, or {@code null} when not set
     * @return the distribution folder, absolute (the working folder when the property is not set)
     */
    public static Path home(String property) {
        return Path.of(property == null || property.isBlank() ? "" : property).toAbsolutePath();
    }

    /**
     * @param binpath the {@code binpath} setting: the program, the folder holding it, or empty for the PATH's
     * @param config the {@code config} setting, or empty
     * @param home the distribution folder, against which a relative config path and the default are resolved
     * @param timeoutSeconds the connect and I/O idle timeout
     * @param what how messages name the section, e.g. {@code upload 'cloud'}
     * @return the runner
     * @throws PermanentException if a configured config file does not exist
     */
    public static Rclone of(String binpath, String config, Path home, int timeoutSeconds, String what) throws PermanentException {
        String binary = binpath.isEmpty() ? "rclone"
                : Files.isDirectory(Path.of(binpath)) ? Path.of(binpath, "rclone").toString() : binpath;
        Path file;
        if (config.isEmpty()) {
            Path fallback = home.resolve(DEFAULT_CONFIG);
            file = Files.isRegularFile(fallback) ? fallback : null;
        } else {
            file = home.resolve(config);
            if (!Files.isRegularFile(file)) {
                throw new PermanentException(what + ": rclone config file " + file + " does not exist");
            }
        }
        return new Rclone(binary, file, timeoutSeconds);
    }

    /**
     * @param subcommand the rclone command and its own arguments, e.g. {@code copy}, source, destination
     * @return the whole command line: program, common options, then {@code subcommand}
     */
    public List<String> command(List<String> subcommand) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(subcommand);
        if (config != null) {
            command.add("--config=" + config);
        }
        command.add("--ask-password=false");
        command.add("--use-json-log");
        command.add("--contimeout=" + timeoutSeconds + "s");
        command.add("--timeout=" + timeoutSeconds + "s");
        return command;
    }

    /**
     * Starts rclone with standard input closed.
     *
     * @param subcommand the rclone command and its arguments
     * @param directory the working directory
     * @param label names the run in logs and thread names (a section or check name)
     * @param progress told the bytes done and the total whenever rclone prints its statistics
     * @return the running process
     * @throws IOException if the program cannot be started
     */
    public RcloneRun start(List<String> subcommand, Path directory, String label, TransferProgress progress) throws IOException {
        List<String> command = command(subcommand);
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new RcloneRun(process, command, label, progress);
    }
}
