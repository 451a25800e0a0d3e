package io.upgradeclient.upload.rsync.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.ChildProcesses;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.TransferProgress;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.api.Uploader;

/**
 * An {@link Uploader} of type {@code rsync}: publishes an artifact's files to an rsync daemon module, as the seed
 * did with {@code rsync -avzut}, but sends only the files of the artifact (listed with {@code --files-from}, run
 * from the artifact's root so their relative layout is kept), uses the configured port and password, resumes
 * interrupted transfers ({@code --partial-dir}) and reads rsync's output while it runs, so a chatty transfer
 * cannot block on a full pipe.
 *
 * <p>The password reaches rsync through a temporary file only its owner can read ({@code --password-file}),
 * deleted when the run ends, whatever the outcome: never on the command line, in the environment or in a log.
 */
@Component(name = RsyncUploader.PID, property = PluginKind.TYPE_PROPERTY + "=" + RsyncUploader.TYPE)
public final class RsyncUploader implements Uploader {
    /** The component name. */
    public static final String PID = "io.upgradeclient.upload.rsync";
    /** The {@code relation_type} this uploader serves. */
    public static final String TYPE = "rsync";

    /** Where an interrupted transfer's data waits on the target, relative to each destination folder. */
    static final String PARTIAL_DIR = ".rsync-partial";

    private static final Logger LOG = LoggerFactory.getLogger(RsyncUploader.class);

    private final ProcessLauncher launcher;
    private final Path tempDir;

    /**
     * Runs rsync from the PATH or {@code binpath}, with its temporary files (the password among them) in
     * {@code var/tmp/} of the distribution: private to the service's user, and emptied by the launcher at each
     * start, so a password file left by a crash does not outlive the next start. Without the framework property
     * {@code upgradeclient.home} (embedded use), in {@code java.io.tmpdir}.
     *
     * @param context this bundle's context, for {@code upgradeclient.home}
     */
    @Activate
    public RsyncUploader(BundleContext context) {
        this(ProcessLauncher.DEFAULT, tempDir(context.getProperty("upgradeclient.home")));
    }

    private static Path tempDir(String home) {
        return home == null ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(home, "var", "tmp");
    }

    RsyncUploader(ProcessLauncher launcher, Path tempDir) {
        this.launcher = launcher;
        this.tempDir = tempDir;
    }

    @Override
    public UploadReceipt upload(Artifact artifact, UploadTarget target) throws TransientException, PermanentException {
        return upload(artifact, target, TransferProgress.NONE);
    }

    /** Reports the bytes rsync says it has sent of the whole run ({@code --info=progress2}). */
    @Override
    public UploadReceipt upload(Artifact artifact, UploadTarget target, TransferProgress progress) throws TransientException, PermanentException {
        RsyncSettings settings = RsyncSettings.of(target);
        String section = target.ref().name();
        if (artifact.files().isEmpty()) {
            return new UploadReceipt(0, "nothing to send");
        }
        if (!settings.localPath().isEmpty() && !artifact.root().endsWith(settings.localPath())) {
            LOG.debug("Upload '{}': localpath '{}' is not the artifact root {}; sending the artifact's files relative to its root",
                    section, settings.localPath(), artifact.root());
        }
        Path list = null;
        Path passwordFile = null;
        try {
            Files.createDirectories(tempDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            list = writeList(artifact, settings.delete());
            passwordFile = writePassword(settings.password());
            List<String> command = command(settings, list, passwordFile);
            LOG.debug("Upload '{}': {} file(s) from {}: {}", section, artifact.files().size(), artifact.root(), command);
            return run(section, settings, artifact, command, progress);
        } catch (IOException e) {
            throw new TransientException("upload '" + section + "': cannot prepare the rsync run: " + e.getMessage(), e);
        } finally {
            delete(list);
            delete(passwordFile);
        }
    }

    /**
     * The rsync command line: the seed's {@code -avzut} without owner, group and devices (the daemon decides
     * those), statistics for the receipt, and no secret.
     */
    static List<String> command(RsyncSettings settings, Path list, Path passwordFile) {
        List<String> command = new ArrayList<>();
        command.add(settings.binary());
        command.add("--verbose");
        command.add("--stats");
        command.add("--info=progress2");
        command.add("--links");
        command.add("--perms");
        command.add("--times");
        command.add("--update");
        if (settings.compress()) {
            command.add("--compress");
        }
        if (settings.delete()) {
            command.add("--recursive");
            command.add("--delete");
        }
        command.add("--partial-dir=" + PARTIAL_DIR);
        command.add("--timeout=" + settings.timeoutSeconds());
        command.add("--contimeout=" + settings.timeoutSeconds());
        if (!settings.bwlimit().isEmpty()) {
            command.add("--bwlimit=" + settings.bwlimit());
        }
        if (settings.port() > 0) {
            command.add("--port=" + settings.port());
        }
        command.add("--password-file=" + passwordFile);
        command.add("--from0");
        command.add("--files-from=" + list);
        command.add("--");
        command.add(".");
        command.add(settings.destination());
        return command;
    }

    /**
     * Lists what to send, NUL-separated. Each entry starts with {@code ./}, which marks where the kept relative
     * path begins and stops rsync from taking a name starting with {@code #} or {@code ;} for a comment. With
     * {@code delete}, the folders holding the files are listed instead, so rsync mirrors them.
     */
    private Path writeList(Artifact artifact, boolean delete) throws IOException, PermanentException {
        Set<String> entries = new LinkedHashSet<>();
        for (Path file : artifact.files()) {
            String name = file.normalize().toString();
            if (name.chars().anyMatch(Character::isISOControl)) {
                throw new PermanentException("artifact file '" + name.replaceAll("\\p{Cntrl}", "?")
                        + "': expected a name without control characters");
            }
            Path parent = file.normalize().getParent();
            entries.add("./" + (delete ? (parent == null ? "" : parent.toString()) : name));
        }
        Path list = Files.createTempFile(tempDir, "rsync-files-", ".lst", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(list)) {
            for (String entry : entries) {
                out.write(entry.getBytes(StandardCharsets.UTF_8));
                out.write(0);
            }
        }
        return list;
    }

    /**
     * Writes the password where only this process's user can read it. rsync itself refuses a password file
     * others can read. An empty file is written for anonymous modules too, so rsync never prompts.
     */
    private Path writePassword(String password) throws IOException {
        Path file = Files.createTempFile(tempDir, "rsync-pass-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private UploadReceipt run(String section, RsyncSettings settings, Artifact artifact, List<String> command,
            TransferProgress progress) throws TransientException, PermanentException {
        long total = totalSize(artifact);
        Process process;
        try {
            // A fixed locale keeps the --stats figures in a form we can parse.
            process = launcher.start(command, artifact.root(), Map.of("LC_ALL", "C"));
        } catch (IOException e) {
            throw new PermanentException("upload '" + section + "': cannot run rsync '" + settings.binary() + "': " + e.getMessage(), e);
        }
        RsyncOutput output = new RsyncOutput();
        String password = settings.password();
        Thread stdout = ChildProcesses.readLines(process.getInputStream(), "rsync-out-" + section, line -> {
            LOG.trace("rsync '{}' out: {}", section, line);
            long sent = RsyncOutput.progressBytes(line);
            if (sent >= 0) {
                progress.transferred(sent, total);
            } else {
                output.stdout(line);
            }
        });
        Thread stderr = ChildProcesses.readLines(process.getErrorStream(), "rsync-err-" + section, line -> {
            String safe = mask(line, password);
            LOG.debug("rsync '{}' err: {}", section, safe);
            output.stderr(safe);
        });
        int exit;
        try {
            exit = process.waitFor();
            stdout.join();
            stderr.join();
        } catch (InterruptedException e) {
            ChildProcesses.stop(process);
            Thread.currentThread().interrupt();
            throw new TransientException("upload '" + section + "' to " + settings.destination() + " interrupted", e);
        }
        if (exit == 0) {
            long files = output.filesTransferred();
            String detail = (files >= 0 ? files : artifact.files().size()) + " of " + artifact.files().size()
                    + " file(s) transferred to " + settings.destination();
            LOG.debug("Upload '{}': {}, {} bytes", section, detail, output.bytes());
            return new UploadReceipt(output.bytes(), detail);
        }
        String message = "upload '" + section + "' to " + settings.destination() + ": rsync exit code " + exit
                + " (" + meaning(exit) + ")" + (output.reason().isEmpty() ? "" : ": " + output.reason());
        if (isPermanent(exit) && !output.daemonBusy()) {
            throw new PermanentException(message);
        }
        throw new TransientException(message, null);
    }

    private static long totalSize(Artifact artifact) {
        long total = 0;
        for (Path file : artifact.files()) {
            try {
                total += Files.size(artifact.root().resolve(file));
            } catch (IOException e) {
                // rsync reports the missing file itself; the total is only for the progress bar
            }
        }
        return total;
    }

    /**
     * Exit codes that repeating cannot fix: a bad command line, a protocol mismatch, files that cannot be selected,
     * an unsupported action, and the daemon refusing the request (wrong password, unknown module). Everything
     * else — socket or stream errors, timeouts, partial transfers — may pass.
     */
    static boolean isPermanent(int exit) {
        return exit >= 1 && exit <= 5;
    }

    private static String meaning(int exit) {
        return switch (exit) {
            case 1 -> "syntax or usage error";
            case 2 -> "protocol incompatibility";
            case 3 -> "errors selecting input/output files, dirs";
            case 4 -> "requested action not supported";
            case 5 -> "error starting client-server protocol";
            case 10 -> "error in socket I/O";
            case 11 -> "error in file I/O";
            case 12 -> "error in rsync protocol data stream";
            case 23 -> "partial transfer due to error";
            case 24 -> "partial transfer due to vanished source files";
            case 30 -> "timeout in data send/receive";
            case 35 -> "timeout waiting for daemon connection";
            default -> "see the rsync manual";
        };
    }

    static String mask(String line, String password) {
        return password.isEmpty() ? line : line.replace(password, "********");
    }

    private static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete temporary file {}: {}", file, e.getMessage());
        }
    }
}
