package io.upgradeclient.upload.rclone.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.TransferProgress;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.api.Uploader;
import io.upgradeclient.upload.rclone.internal.process.Rclone;
import io.upgradeclient.upload.rclone.internal.process.RcloneFailure;
import io.upgradeclient.upload.rclone.internal.process.RcloneRun;

/**
 * An {@link Uploader} of type {@code rclone}: publishes an artifact's files to any storage rclone reaches (SFTP, S3,
 * WebDAV, FTP, …) with {@code rclone copy}, run from the artifact's root with the exact list of its files
 * ({@code --files-from-raw}), so their relative layout is kept and nothing else is sent. {@code --checksum} makes
 * rclone skip a file the target already holds with the same hash (the same size where the backend has no hash),
 * and rclone verifies each file it sends by hash where both sides have one. Progress comes from rclone's JSON
 * statistics, once a second.
 *
 * <p>No secret passes through here: rclone reads the remote's (obscured) passwords from its configuration file,
 * named by path.
 */
@Component(name = RcloneUploader.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = PluginKind.TYPE_PROPERTY + "=" + RcloneUploader.TYPE)
@Designate(ocd = RcloneUploader.Config.class)
public final class RcloneUploader implements Uploader {
    /** The component name. */
    public static final String PID = "io.upgradeclient.upload.rclone";
    /** The {@code relation_type} this uploader serves. */
    public static final String TYPE = "rclone";

    private static final Logger LOG = LoggerFactory.getLogger(RcloneUploader.class);

    @ObjectClassDefinition(name = "upgradeclient rclone uploader",
            description = "Defaults for the rclone sections of upload.json (relation_type rclone); a section's own keys win.")
    @interface Config {
        @AttributeDefinition(name = "rclone binary", description = "The rclone program, or the folder holding it; empty: rclone on the PATH.", required = false)
        String binpath() default "";

        @AttributeDefinition(name = "rclone config file", description = "Path of rclone.conf, relative to the distribution folder;"
                + " empty: config/rclone.conf when it exists, else rclone's own default.", required = false)
        String config() default "";

        @AttributeDefinition(name = "Timeout (s)", description = "rclone's connect and I/O idle timeout.", min = "1")
        int timeout__seconds() default 600;
    }

    private final Path home;
    private final Path tempDir;
    private volatile Map<String, String> defaults;

    /**
     * @param context for the distribution folder ({@code upgradeclient.home}), against which the configuration file
     *        is found
     * @param config the defaults for every section
     */
    @Activate
    public RcloneUploader(BundleContext context, Config config) {
        this(Rclone.home(context.getProperty("upgradeclient.home")), Path.of(System.getProperty("java.io.tmpdir")), defaults(config));
    }

    RcloneUploader(Path home, Path tempDir, Map<String, String> defaults) {
        this.home = home;
        this.tempDir = tempDir;
        this.defaults = defaults;
    }

    @Modified
    void modified(Config config) {
        this.defaults = defaults(config);
    }

    static Map<String, String> defaults(Config config) {
        return Map.of("binpath", config.binpath(), "config", config.config(), "timeout_seconds", Integer.toString(config.timeout__seconds()));
    }

    @Override
    public UploadReceipt upload(Artifact artifact, UploadTarget target) throws TransientException, PermanentException {
        return upload(artifact, target, TransferProgress.NONE);
    }

    @Override
    public UploadReceipt upload(Artifact artifact, UploadTarget target, TransferProgress progress)
            throws TransientException, PermanentException {
        RcloneSettings settings = RcloneSettings.of(target, defaults, home);
        String what = "upload '" + target.ref().name() + "' to " + settings.remote();
        if (artifact.files().isEmpty()) {
            return new UploadReceipt(0, "nothing to send");
        }
        Path list = null;
        try {
            list = writeList(artifact);
            return run(what, settings, artifact, list, progress);
        } catch (IOException e) {
            throw new TransientException(what + ": cannot run rclone '" + settings.rclone().binary() + "': " + e.getMessage(), e);
        } finally {
            delete(list);
        }
    }

    /**
     * The {@code rclone copy} arguments. {@code --retries=1}: the engine retries the job with its own backoff and
     * per-target state, so rclone's own whole-run retries would only delay the verdict.
     */
    static List<String> copy(RcloneSettings settings, Path list) {
        List<String> args = new ArrayList<>(List.of("copy", ".", settings.remote(), "--files-from-raw=" + list,
                "--checksum", "--retries=1", "--stats=1s", "--stats-log-level=NOTICE"));
        if (!settings.bwlimit().isEmpty()) {
            args.add("--bwlimit=" + settings.bwlimit());
        }
        return args;
    }

    private UploadReceipt run(String what, RcloneSettings settings, Artifact artifact, Path list, TransferProgress progress)
            throws IOException, TransientException, PermanentException {
        Rclone rclone = settings.rclone();
        try (RcloneRun run = rclone.start(copy(settings, list), artifact.root(), what, progress)) {
            run.discardStdout();
            int exit = run.await();
            if (exit != 0) {
                RcloneFailure.raise(what, exit, run.reason());
            }
            long bytes = Math.max(run.bytes(), 0);
            String detail = Math.max(run.transfers(), 0) + " of " + artifact.files().size() + " file(s) transferred to " + settings.remote();
            LOG.debug("{}: {}, {} bytes", what, detail, bytes);
            return new UploadReceipt(bytes, detail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException(what + " interrupted", e);
        }
    }

    /** The artifact's files, one per line, relative to its root: rclone's raw list reads each line as a name. */
    private Path writeList(Artifact artifact) throws IOException, PermanentException {
        Path list = Files.createTempFile(tempDir, "rclone-files-", ".lst",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(list)) {
            for (Path file : artifact.files()) {
                String name = file.normalize().toString();
                if (name.chars().anyMatch(Character::isISOControl)) {
                    throw new PermanentException("artifact file '" + name.replaceAll("\\p{Cntrl}", "?")
                            + "': expected a name without control characters");
                }
                out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | PermanentException e) {
            delete(list);
            throw e;
        }
        return list;
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
