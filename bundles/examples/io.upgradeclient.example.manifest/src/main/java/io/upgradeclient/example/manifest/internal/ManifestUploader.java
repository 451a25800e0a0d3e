package io.upgradeclient.example.manifest.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.api.Uploader;

/**
 * An {@link Uploader} of type {@code manifest}: publishes nothing but a text file per artifact listing its
 * files and the SHA-256 of the downloads they came from. It shows how little a plugin needs: one class, one
 * service property, optional configuration.
 */
@Component(name = ManifestUploader.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = PluginKind.TYPE_PROPERTY + "=manifest")
@Designate(ocd = ManifestUploader.Config.class)
public final class ManifestUploader implements Uploader {
    /** The configuration PID. */
    public static final String PID = "io.upgradeclient.example.manifest";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

    @ObjectClassDefinition(name = "upgradeclient example: manifest uploader")
    @interface Config {
        @AttributeDefinition(name = "Folder", description = "Where manifests are written; relative paths are resolved against the distribution folder.")
        String folder() default "var/manifests";
    }

    private final Path folder;
    private final Clock clock;

    /**
     * @param config the folder setting
     * @param context this bundle's context, for the framework property {@code upgradeclient.home}
     */
    @Activate
    public ManifestUploader(Config config, BundleContext context) {
        this(resolve(context.getProperty("upgradeclient.home"), config.folder()), Clock.systemUTC());
    }

    ManifestUploader(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    private static Path resolve(String home, String folder) {
        Path path = Path.of(folder);
        return path.isAbsolute() || home == null ? path : Path.of(home).resolve(path);
    }

    @Override
    public UploadReceipt upload(Artifact artifact, UploadTarget target) throws TransientException {
        String stamp = STAMP.format(clock.instant().truncatedTo(ChronoUnit.MILLIS).atZone(ZoneOffset.UTC));
        Path manifest = folder.resolve(safeName(artifact.check()) + "-" + stamp + ".manifest");
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, ".manifest", ".tmp");
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                out.write("check: " + artifact.check() + "\n");
                out.write("target: " + target.ref().name() + "\n");
                for (Path file : artifact.files()) {
                    out.write("file: " + file + "\n");
                }
                for (DownloadedFile source : artifact.sources()) {
                    out.write("source: " + source.sha256() + "  " + source.size() + "  " + source.change().url() + "\n");
                }
            }
            Files.move(temp, manifest, StandardCopyOption.ATOMIC_MOVE);
            return new UploadReceipt(Files.size(manifest), "wrote " + manifest.getFileName());
        } catch (IOException e) {
            throw new TransientException("cannot write manifest " + manifest + ": " + e.getMessage(), e);
        }
    }

    /** Check names come from configuration files; keep the manifest name a plain file name whatever they hold. */
    static String safeName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
