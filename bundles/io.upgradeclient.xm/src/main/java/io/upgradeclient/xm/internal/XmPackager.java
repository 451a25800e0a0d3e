package io.upgradeclient.xm.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.Packager;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.SafePaths;
import io.upgradeclient.api.SourceFiles;
import io.upgradeclient.api.StagedFiles;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.xm.internal.ReleaseNotes.Entry;
import io.upgradeclient.xm.internal.ReleaseNotes.Header;
import io.upgradeclient.xm.internal.ReleaseNotes.Parsed;
import io.upgradeclient.xm.internal.ReleaseNotes.Problem;

/**
 * The {@code xm} {@link Packager}: the original service's real job. A release note publishes nothing by itself.
 * A firmware is published with the record of its release note that names it, under
 * {@code <target_cache>/<masked DevID>/<YYYY-MM-DD>/}, as the firmware itself, {@code ChangeLog_SimpChinese.dat},
 * {@code ChangeLog_English.dat} and {@code Level_<n>.dat} — the only layout the XM upgrade server reads.
 *
 * <p>A firmware's release note is the {@code ReleaseNote} in the firmware's folder or, when that folder is a date
 * folder ({@code 2016-10-25}), in its parent; folders are whole URL segments, so {@code …/IPC_X_S38_XM711/…} never
 * takes the note of {@code …/IPC_X_S38}. Its record is a valid one dated like a date folder of the firmware's URL,
 * within the check's look-back window, whose flag is part of the firmware's name (the longest such flag wins).
 * A firmware without such a record, or whose record is not for the cloud, is not published: the artifact is empty
 * and the log says why.
 */
@Component(name = XmPackager.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = PluginKind.TYPE_PROPERTY + "=" + XmPackager.TYPE)
@Designate(ocd = XmPackager.Config.class)
public final class XmPackager implements Packager {
    /** The component name and Config Admin PID. */
    public static final String PID = "io.upgradeclient.xm";
    /** The {@code packager} a check names to use this packager. */
    public static final String TYPE = "xm";
    /** The setting (and check option) that lets Level-1 firmware be published. */
    static final String PUBLISH_LEVEL_1 = "publish_level_1";

    static final String CHANGE_LOG_SIMP_CHINESE = "ChangeLog_SimpChinese.dat";
    static final String CHANGE_LOG_ENGLISH = "ChangeLog_English.dat";

    private static final Logger LOG = LoggerFactory.getLogger(XmPackager.class);

    /** The default filter's firmware rule: a dot, eight digits (a date) and later {@code .bin}. */
    private static final Pattern FIRMWARE = Pattern.compile("\\.\\d{8}.*\\.bin");
    private static final Pattern DATE_FOLDER = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern LEVEL_FILE = Pattern.compile("Level_\\d+\\.dat");
    private static final String BIN = ".bin";

    /** Two jobs of the same device and date must not interleave their writes and clean-ups in one folder. */
    private static final int LOCK_STRIPES = 32;

    @ObjectClassDefinition(name = "upgradeclient xm packager",
            description = "Lays firmware and release-note change logs out for the XM upgrade server.")
    @interface Config {
        @AttributeDefinition(name = "Publish Level 1",
                description = "Publish firmware whose release-note record says Level=1 (the original service never did). "
                        + "A check's option publish_level_1 overrides this.")
        boolean publish__level__1() default false;
    }

    private final Clock clock;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private volatile boolean publishLevel1;

    /**
     * @param config the component's settings
     */
    @Activate
    public XmPackager(Config config) {
        this(config.publish__level__1(), Clock.systemDefaultZone());
    }

    XmPackager(boolean publishLevel1, Clock clock) {
        this.publishLevel1 = publishLevel1;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    @Modified
    void modified(Config config) {
        publishLevel1 = config.publish__level__1();
    }

    @Override
    public Artifact pack(CheckDefinition check, DownloadedFile file, SourceFiles source, Path stagingRoot)
            throws TransientException, PermanentException {
        Path root = check.targetCache().isEmpty() ? stagingRoot : stagingRoot.resolve(SafePaths.segment(check.targetCache()));
        RemoteChange change = file.change();
        if (change.fileName().equals(ReleaseNotes.NAME)) {
            return Artifact.nothing(check.name(), root, List.of(file), review(file));
        }
        if (!FIRMWARE.matcher(change.fileName()).find()) {
            throw new PermanentException("packager xm: " + change.url()
                    + " is neither a ReleaseNote nor a firmware (a name with '.', 8 digits and later '.bin')");
        }
        return firmware(check, file, source, root);
    }

    /**
     * A release note's records are published by its firmware's jobs; checking it now tells the operator early.
     *
     * @return the verdict on its records, for the history
     */
    private static String review(DownloadedFile note) throws TransientException {
        Parsed parsed = parse(note, header -> false);
        LOG.info("ReleaseNote {} ({}): {} valid record(s), {} invalid; nothing to publish by itself, its firmware's jobs use it",
                note.change().url(), parsed.charset(), parsed.valid(), parsed.invalid());
        for (Problem problem : parsed.problems()) {
            LOG.warn("ReleaseNote {}: {}", note.change().url(), problem);
        }
        String verdict = "a ReleaseNote is published with its firmware; " + parsed.valid() + " valid record(s), "
                + parsed.invalid() + " invalid";
        return parsed.problems().isEmpty() ? verdict : verdict + ": " + parsed.problems();
    }

    private static Artifact notPublished(CheckDefinition check, Path root, List<DownloadedFile> sources, URI firmware, String why) {
        LOG.info("Firmware {} is not published: {}", firmware, why);
        return Artifact.nothing(check.name(), root, sources, "firmware not published: " + why);
    }

    private Artifact firmware(CheckDefinition check, DownloadedFile file, SourceFiles source, Path root)
            throws TransientException, PermanentException {
        URI url = file.change().url();
        String name = SafePaths.segment(file.change().fileName());
        if (!name.endsWith(BIN)) {
            throw new PermanentException("firmware " + url + ": the upgrade server only takes names ending in '.bin', was '" + name + "'");
        }
        Set<LocalDate> dates = dateFolders(url);
        if (dates.isEmpty()) {
            return notPublished(check, root, List.of(file), url, "its URL has no date folder (YYYY-MM-DD) to match a release-note record");
        }
        DownloadedFile note = releaseNote(url, source);
        List<DownloadedFile> sources = List.of(file, note);
        URI noteUrl = note.change().url();

        Predicate<Header> names = header -> header.date() != null && dates.contains(header.date()) && name.contains(header.flag());
        Parsed parsed = parse(note, names);
        if (parsed.entries().isEmpty()) {
            List<Problem> invalid = parsed.problems().stream().filter(p -> name.contains(p.header().flag())).toList();
            return notPublished(check, root, sources, url, noteUrl + " has no valid record dated " + dates
                    + " whose flag is part of its name" + (invalid.isEmpty() ? "" : "; invalid: " + invalid));
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate earliest = LocalDate.ofInstant(clock.instant().minus(check.lookBack()), clock.getZone());
        List<Entry> current = parsed.entries().stream()
                .filter(e -> !e.header().date().isBefore(earliest) && !e.header().date().isAfter(today))
                .toList();
        if (current.isEmpty()) {
            return notPublished(check, root, sources, url, "its record(s) in " + noteUrl + " ("
                    + parsed.entries().stream().map(Entry::header).toList() + ") lie outside the look-back window " + earliest + " to " + today);
        }
        Entry record = current.stream()
                .max(Comparator.comparingInt((Entry e) -> e.header().flag().length()).thenComparingInt(e -> e.header().line()))
                .orElseThrow();
        List<String> refusals = refusals(check, record);
        if (!refusals.isEmpty()) {
            return notPublished(check, root, sources, url, "record at " + record.header() + " of " + noteUrl + ": "
                    + String.join("; ", refusals));
        }

        String devId = DeviceIds.read(file.file(), url.toString());
        Path folder = Path.of(SafePaths.segment(DeviceIds.mask(devId)), record.header().date().toString());
        String level = "Level_" + record.level() + ".dat";
        List<Path> files = List.of(folder.resolve(CHANGE_LOG_SIMP_CHINESE), folder.resolve(CHANGE_LOG_ENGLISH),
                folder.resolve(level), folder.resolve(name));
        int written = stage(root.resolve(folder), file.file(), record, level, name);
        LOG.info("Firmware {} staged in {} with record at {} of {} ({} of {} files written)",
                url, root.resolve(folder), record.header(), noteUrl, written, files.size());
        return new Artifact(check.name(), root, files, sources);
    }

    private List<String> refusals(CheckDefinition check, Entry record) throws PermanentException {
        List<String> refusals = new ArrayList<>();
        if (record.changeLogSimpChinese().isEmpty()) {
            refusals.add("ChangeLog_SimpChinese is empty");
        }
        if (record.changeLogEnglish().isEmpty()) {
            refusals.add("ChangeLog_English is empty");
        }
        if (!record.xmCloudUpgrade().equals("1")) {
            refusals.add(record.xmCloudUpgrade().isEmpty() ? "no XmCloudUpgrade line" : "XmCloudUpgrade is " + record.xmCloudUpgrade());
        }
        if (record.level().isEmpty()) {
            refusals.add("no Level line");
        } else if (record.level().equals("1") && !publishLevel1(check)) {
            refusals.add("Level is 1 and " + PUBLISH_LEVEL_1 + " is off");
        }
        return refusals;
    }

    private boolean publishLevel1(CheckDefinition check) throws PermanentException {
        String option = check.options().getOrDefault(PUBLISH_LEVEL_1, "").strip().toLowerCase(Locale.ROOT);
        return switch (option) {
            case "" -> publishLevel1;
            case "true" -> true;
            case "false" -> false;
            default -> throw new PermanentException("check '" + check.name() + "': option." + PUBLISH_LEVEL_1
                    + ": expected true or false, was '" + option + "'");
        };
    }

    /**
     * The release note of a firmware: in its folder, else — when that folder is a date folder — in the parent.
     * Candidates are built by resolving relative URLs, so they are whole folders, never name prefixes.
     */
    private static DownloadedFile releaseNote(URI firmware, SourceFiles source) throws TransientException, PermanentException {
        List<URI> candidates = new ArrayList<>();
        candidates.add(firmware.resolve(ReleaseNotes.NAME));
        List<String> folders = folders(firmware);
        if (!folders.isEmpty() && DATE_FOLDER.matcher(folders.get(folders.size() - 1)).matches()) {
            candidates.add(firmware.resolve("../" + ReleaseNotes.NAME));
        }
        List<String> misses = new ArrayList<>();
        for (URI candidate : candidates) {
            try {
                return source.fetch(candidate);
            } catch (PermanentException missing) {
                misses.add(candidate + " (" + missing.getMessage() + ")");
            }
        }
        throw new PermanentException("no ReleaseNote for " + firmware + ": looked for " + String.join(", ", misses));
    }

    /** The dates named by folders of the URL, e.g. {@code /2016-10-25/} or {@code /2016-1-5/}. */
    private static Set<LocalDate> dateFolders(URI url) throws PermanentException {
        Set<LocalDate> dates = new TreeSet<>();
        for (String folder : folders(url)) {
            Matcher date = DATE_FOLDER.matcher(folder);
            if (date.matches()) {
                try {
                    dates.add(LocalDate.of(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)), Integer.parseInt(date.group(3))));
                } catch (DateTimeException notADate) {
                    LOG.debug("Folder '{}' of {} looks like a date but is none", folder, url);
                }
            }
        }
        return dates;
    }

    /** The decoded folder names of a file URL, outermost first; a decoded {@code /} stays inside its name. */
    private static List<String> folders(URI url) throws PermanentException {
        String path = url.getRawPath();
        if (path == null || path.isEmpty()) {
            throw new PermanentException("firmware URL has no path: " + url);
        }
        String[] raw = path.split("/");
        List<String> folders = new ArrayList<>();
        for (int i = 0; i < raw.length - 1; i++) {
            if (!raw[i].isEmpty()) {
                folders.add(URI.create("x:/" + raw[i]).getPath().substring(1));
            }
        }
        return folders;
    }

    private static Parsed parse(DownloadedFile note, Predicate<Header> wanted) throws TransientException {
        try {
            return ReleaseNotes.parse(note.file(), wanted);
        } catch (IOException e) {
            throw new TransientException("cannot read ReleaseNote " + note.change().url() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes one date folder: the change logs and level first, the firmware last, then removes another firmware
     * or level file left there, because the upgrade server takes exactly one {@code *.bin} and one level per date
     * folder.
     *
     * @return how many files were written (0 when all were already there)
     */
    private int stage(Path folder, Path firmware, Entry record, String level, String name) throws TransientException {
        ReentrantLock lock = locks[Math.floorMod(folder.toAbsolutePath().normalize().hashCode(), locks.length)];
        lock.lock();
        try {
            Files.createDirectories(folder);
            int written = 0;
            written += count(StagedFiles.write(folder.resolve(CHANGE_LOG_SIMP_CHINESE), record.changeLogSimpChinese().getBytes(StandardCharsets.UTF_8)));
            written += count(StagedFiles.write(folder.resolve(CHANGE_LOG_ENGLISH), record.changeLogEnglish().getBytes(StandardCharsets.UTF_8)));
            written += count(StagedFiles.write(folder.resolve(level), record.level().getBytes(StandardCharsets.US_ASCII)));
            written += count(StagedFiles.copy(firmware, folder.resolve(name)));
            removeOthers(folder, level, name);
            return written;
        } catch (IOException e) {
            throw new TransientException("cannot stage firmware " + name + " in " + folder + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static int count(boolean written) {
        return written ? 1 : 0;
    }

    private static void removeOthers(Path folder, String level, String name) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String other = entry.getFileName().toString();
                boolean replaced = other.endsWith(BIN) && !other.equals(name)
                        || LEVEL_FILE.matcher(other).matches() && !other.equals(level);
                if (replaced && Files.isRegularFile(entry)) {
                    Files.delete(entry);
                    LOG.info("Removed {} from {}: replaced by {} / {} (one firmware and one level per date folder)", other, folder, name, level);
                }
            }
        }
    }
}
