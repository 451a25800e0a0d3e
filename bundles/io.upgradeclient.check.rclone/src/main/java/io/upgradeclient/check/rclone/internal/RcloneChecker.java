package io.upgradeclient.check.rclone.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checker;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.SafePaths;
import io.upgradeclient.api.TransferProgress;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.upload.rclone.internal.process.Rclone;
import io.upgradeclient.upload.rclone.internal.process.RcloneFailure;
import io.upgradeclient.upload.rclone.internal.process.RcloneRun;

/**
 * A {@link Checker} of type {@code rclone}: watches a folder on any storage rclone reaches (SFTP, FTP, S3, WebDAV,
 * …). One {@code rclone lsjson -R --files-only} lists the tree, read as it streams; a file is reported when its
 * size, modification time or (with {@code hash}) hash differs from the checkpoint, a map {@code path -> state}.
 * Names from the listing are untrusted: an unsafe one is refused with a warning and not remembered.
 */
@Component(name = RcloneChecker.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, property = PluginKind.TYPE_PROPERTY + "=rclone")
@Designate(ocd = RcloneChecker.Config.class)
public final class RcloneChecker implements Checker {
    /** The component name, and the configuration PID of the checker and the downloader. */
    public static final String PID = "io.upgradeclient.check.rclone";

    @ObjectClassDefinition(name = "upgradeclient rclone checker and downloader",
            description = "Defaults for checks of check_type rclone; a check's own options win.")
    @interface Config {
        @AttributeDefinition(name = "rclone binary", description = "The rclone program, or the folder holding it; empty: rclone on the PATH.", required = false)
        String rclone__binpath() default "";

        @AttributeDefinition(name = "rclone config file", description = "Path of rclone.conf, relative to the distribution folder;"
                + " empty: config/rclone.conf when it exists, else rclone's own default.", required = false)
        String rclone__config() default "";

        @AttributeDefinition(name = "Timeout (s)", description = "rclone's connect and I/O idle timeout.", min = "1")
        int timeout__seconds() default 120;
    }

    private final Path home;
    private final Clock clock;
    private volatile Map<String, String> defaults;

    /**
     * @param context for the distribution folder ({@code upgradeclient.home}), against which the config is found
     * @param config the defaults for every check
     */
    @Activate
    public RcloneChecker(BundleContext context, Config config) {
        this(Rclone.home(context.getProperty("upgradeclient.home")), Clock.systemUTC(), defaults(config));
    }

    RcloneChecker(Path home, Clock clock, Map<String, String> defaults) {
        this.home = home;
        this.clock = clock;
        this.defaults = defaults;
    }

    @Modified
    void modified(Config config) {
        this.defaults = defaults(config);
    }

    static Map<String, String> defaults(Config config) {
        return Map.of(RcloneSource.BINPATH, config.rclone__binpath(), RcloneSource.CONFIG, config.rclone__config(),
                RcloneSource.TIMEOUT, Integer.toString(config.timeout__seconds()));
    }

    /** One file of the listing. */
    private record Listed(String path, String name, RemoteState state) {
    }

    @Override
    public CheckResult check(CheckDefinition check, Checkpoint since) throws TransientException, PermanentException {
        Instant now = clock.instant();
        RcloneSource source = RcloneSource.of(check, defaults, home);
        Map<String, RemoteState> seen = previous(check, since);
        List<String> warnings = new ArrayList<>();
        List<Listed> listed = list(check, source, warnings);

        Instant stableBefore = now.minusSeconds(source.stableSeconds());
        Instant lookBackStart = now.minus(check.lookBack());
        Map<String, RemoteState> next = new TreeMap<>();
        List<Listed> reported = new ArrayList<>();
        for (Listed file : listed) {
            RemoteState before = seen.get(file.path());
            if (before != null && before.sameAs(file.state())) {
                next.put(file.path(), before);
            } else if (file.state().modified().isAfter(stableBefore)) {
                if (before != null) {
                    next.put(file.path(), before);
                }
            } else {
                next.put(file.path(), file.state());
                if (!since.isNone() || !file.state().modified().isBefore(lookBackStart)) {
                    reported.add(file);
                }
            }
        }
        reported.sort(Comparator.comparing((Listed file) -> file.state().modified()).thenComparing(Listed::path));
        List<RemoteChange> changes = new ArrayList<>();
        for (Listed file : reported) {
            int slash = file.path().indexOf('/');
            changes.add(new RemoteChange(seen.containsKey(file.path()) ? ChangeAction.MODIFIED : ChangeAction.ADDED,
                    source.url(file.path()), file.name(), slash < 0 ? "" : file.path().substring(0, slash), "",
                    file.state().modified(), file.state().revision(), file.state().size()));
        }
        return new CheckResult(changes, new Checkpoint(RemoteState.encode(next), now), warnings);
    }

    private List<Listed> list(CheckDefinition check, RcloneSource source, List<String> warnings)
            throws TransientException, PermanentException {
        List<String> args = new ArrayList<>(List.of("lsjson", "--recursive", "--files-only", "--no-mimetype"));
        if (source.hash()) {
            args.add("--hash");
        }
        args.add(source.base());
        String what = "check '" + check.name() + "': listing " + source.base();
        List<Listed> listed = new ArrayList<>();
        try (RcloneRun run = source.rclone().start(args, home, check.name(), TransferProgress.NONE)) {
            String malformed = null;
            try (JsonReader reader = new JsonReader(new InputStreamReader(run.stdout(), StandardCharsets.UTF_8))) {
                read(reader, source, listed, warnings);
            } catch (IOException | JsonParseException | IllegalStateException | DateTimeParseException e) {
                malformed = e.getMessage();
            }
            int exit = run.await();
            if (exit != 0) {
                RcloneFailure.raise(what, exit, run.reason());
            }
            if (malformed != null) {
                throw new PermanentException(what + ": expected rclone's JSON listing: " + malformed);
            }
            return listed;
        } catch (IOException e) {
            throw new PermanentException(what + ": cannot run rclone '" + source.rclone().binary() + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException(what + " interrupted", e);
        }
    }

    /** Reads {@code [{"Path":…,"Name":…,"Size":…,"ModTime":…,"Hashes":{…}},…]} entry by entry. */
    private static void read(JsonReader reader, RcloneSource source, List<Listed> listed, List<String> warnings) throws IOException {
        reader.beginArray();
        while (reader.hasNext()) {
            String path = "";
            String name = "";
            long size = -1;
            Instant modified = Instant.EPOCH;
            String hash = "";
            reader.beginObject();
            while (reader.hasNext()) {
                switch (reader.nextName()) {
                    case "Path" -> path = reader.nextString();
                    case "Name" -> name = reader.nextString();
                    case "Size" -> size = reader.nextLong();
                    case "ModTime" -> modified = OffsetDateTime.parse(reader.nextString()).toInstant();
                    case "Hashes" -> hash = hashes(reader);
                    default -> reader.skipValue();
                }
            }
            reader.endObject();
            try {
                for (String segment : path.split("/", -1)) {
                    SafePaths.segment(segment);
                }
                listed.add(new Listed(path, name.isEmpty() ? path.substring(path.lastIndexOf('/') + 1) : name,
                        new RemoteState(Math.max(size, -1), modified, hash)));
            } catch (PermanentException unsafe) {
                warnings.add(source.base() + ": " + unsafe.getMessage() + "; skipped");
            }
        }
        reader.endArray();
    }

    /** The hashes rclone listed, as {@code type:value} joined in type order, so two listings compare equal. */
    private static String hashes(JsonReader reader) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
            String type = reader.nextName();
            if (reader.peek() == JsonToken.STRING) {
                String value = reader.nextString();
                if (!value.isEmpty()) {
                    hashes.put(type, value);
                }
            } else {
                reader.skipValue();
            }
        }
        reader.endObject();
        StringBuilder joined = new StringBuilder();
        hashes.forEach((type, value) -> joined.append(joined.length() == 0 ? "" : ",").append(type).append(':').append(value));
        return joined.toString();
    }

    private static Map<String, RemoteState> previous(CheckDefinition check, Checkpoint since) throws PermanentException {
        if (since.isNone()) {
            return Map.of();
        }
        try {
            return RemoteState.decode(since.value());
        } catch (IllegalArgumentException e) {
            throw new PermanentException("check '" + check.name() + "': stored checkpoint is not an rclone listing: " + e.getMessage(), e);
        }
    }
}
