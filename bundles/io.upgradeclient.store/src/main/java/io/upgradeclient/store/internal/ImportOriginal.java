package io.upgradeclient.store.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code bin/upgradeclient import <folder> [--db <file>] [--target-db <file> | --target-url <jdbc url> …]}: brings an installation of the
 * original service over. Its configuration files ({@code check/*.json}, {@code upload/upload.json},
 * {@code alert/alert.json}, read by our config bundle as they are) are copied into {@code config/}, a check file
 * of the original's format with {@code "packager": "xm"} written in (what the original always did, now visible); a
 * file we have already is kept, and when the original's differs it is written beside ours as
 * {@code <name>.imported} with a warning. Its history (the {@code upgradeclient} table of its SQLite file, found in
 * the folder or named by {@code --db}) is added to ours through {@link OriginalHistory}, once: our SQLite file, or
 * with {@code --target-url} the shared PostgreSQL database (the password is read from
 * {@code --target-password-file}, never an argument).
 *
 * <p>The launcher script refuses to run it while upgradeclient runs. Runs on a plain class path (this bundle, the
 * API, sqlite-jdbc, an SLF4J implementation, the OSGi framework classes); the distribution folder comes from the
 * system property {@code upgradeclient.home}, else the working directory.
 */
public final class ImportOriginal {
    /** Exit code: everything found was imported (or had been before). */
    public static final int OK = 0;
    /** Exit code: something could not be imported, was skipped or was not found; what could was. */
    public static final int FAILED = 1;
    /** Exit code: a wrong command line. */
    public static final int USAGE = 2;

    private static final List<String> DATABASE_SUFFIXES = List.of(".db", ".db3", ".sqlite", ".sqlite3");
    private static final int SEARCH_DEPTH = 3;
    private static final long DEFAULT_RETENTION_DAYS = 180;

    private final Path home;
    private final ZoneId zone;
    private final PrintStream out;
    private boolean failed;
    private int configImported;
    private int configUnchanged;
    private int configKept;
    private String historySummary = "history: none imported";

    ImportOriginal(Path home, ZoneId zone, PrintStream out) {
        this.home = home;
        this.zone = zone;
        this.out = out;
    }

    /**
     * @param args the original's folder, then optionally {@code --db <file>}, and {@code --target-db <file>} or
     *        {@code --target-url <url>} with {@code --target-user <name>} and {@code --target-password-file <file>}
     */
    public static void main(String[] args) {
        String home = System.getProperty(Database.HOME_PROPERTY);
        Path homeFolder = Path.of(home == null ? "" : home).toAbsolutePath();
        System.exit(new ImportOriginal(homeFolder, ZoneId.systemDefault(), System.out).run(args));
    }

    int run(String[] args) {
        Path folder = null;
        Path originalDb = null;
        Path targetDb = home.resolve("var/data").resolve(Database.FILE_NAME);
        String targetUrl = null;
        String targetUser = "upgradeclient";
        Path targetPasswordFile = null;
        for (int i = 0; i < args.length; i++) {
            if (("--db".equals(args[i]) || "--target-db".equals(args[i]) || "--target-password-file".equals(args[i]))
                    && i + 1 < args.length) {
                Path value = Path.of(args[++i]).toAbsolutePath();
                switch (args[i - 1]) {
                    case "--db" -> originalDb = value;
                    case "--target-db" -> targetDb = value;
                    default -> targetPasswordFile = value;
                }
            } else if ("--target-url".equals(args[i]) && i + 1 < args.length) {
                targetUrl = args[++i];
            } else if ("--target-user".equals(args[i]) && i + 1 < args.length) {
                targetUser = args[++i];
            } else if (folder == null && !args[i].startsWith("--")) {
                folder = Path.of(args[i]).toAbsolutePath().normalize();
            } else {
                return usage();
            }
        }
        if (folder == null) {
            return usage();
        }
        if (!Files.isDirectory(folder)) {
            out.println(folder + ": not a folder");
            return USAGE;
        }
        Target target;
        try {
            target = targetUrl == null ? new Target(targetDb, null)
                    : new Target(null, new PostgresqlConnections(targetUrl, targetUser,
                            targetPasswordFile == null ? "" : PostgresqlConnections.password(targetPasswordFile), 1, "import"));
        } catch (IOException | IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            return USAGE;
        }
        importConfiguration(folder);
        Path database = originalDb != null ? originalDb : findDatabase(folder);
        if (database != null) {
            importHistory(database, target);
        }
        out.println("summary: configuration " + configImported + " imported, " + configUnchanged + " unchanged, " + configKept
                + " kept ours (the original beside it as .imported); " + historySummary);
        out.println(failed ? "import incomplete: see the lines above" : "import done; check the configuration with: bin/upgradeclient check-config");
        return failed ? FAILED : OK;
    }

    private int usage() {
        out.println("usage: upgradeclient import <folder of the original installation> [--db <its SQLite file>]"
                + " [--target-db <our database, default var/data/upgradeclient.db>"
                + " | --target-url <jdbc:postgresql://…> [--target-user <name>] [--target-password-file <file>]]");
        return USAGE;
    }

    private void importConfiguration(Path folder) {
        Path config = home.resolve("config");
        List<Path> files = new ArrayList<>();
        Path checks = folder.resolve("check");
        if (Files.isDirectory(checks)) {
            TreeSet<Path> sorted = new TreeSet<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(checks, "*.json")) {
                stream.forEach(sorted::add);
            } catch (IOException e) {
                fail("config: cannot list " + checks + " (" + e + ")");
            }
            files.addAll(sorted);
        }
        for (String name : List.of("upload/upload.json", "alert/alert.json")) {
            if (Files.isRegularFile(folder.resolve(name))) {
                files.add(folder.resolve(name));
            }
        }
        if (files.isEmpty()) {
            fail("config: no check/*.json, upload/upload.json or alert/alert.json in " + folder);
        }
        for (Path file : files) {
            String relative = folder.relativize(file).toString();
            try {
                copy(file, config.resolve(relative), relative);
            } catch (IOException e) {
                fail("config: " + relative + " not imported (" + e + ")");
            }
        }
    }

    private void copy(Path from, Path to, String relative) throws IOException {
        byte[] content = relative.startsWith("check/") ? OriginalCheckFile.withExplicitPackager(Files.readAllBytes(from))
                : Files.readAllBytes(from);
        if (!Files.exists(to)) {
            Files.createDirectories(to.getParent());
            Path temp = to.resolveSibling("." + to.getFileName() + ".importing");
            Files.write(temp, content);
            // renamed into place: the running config bundle (if any) never reads half a file
            Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            out.println("config: " + relative + " imported");
            configImported++;
        } else if (Arrays.equals(Files.readAllBytes(to), content)) {
            out.println("config: " + relative + " unchanged (already there)");
            configUnchanged++;
        } else {
            Path beside = to.resolveSibling(to.getFileName() + ".imported");
            Files.write(beside, content);
            out.println("warning: config/" + relative + " exists and differs: ours is kept, the original is in " + beside
                    + "; merge by hand");
            configKept++;
        }
    }

    /** @return the one database with the original's table in the folder, or {@code null} (reported) */
    private Path findDatabase(Path folder) {
        List<Path> found;
        try (Stream<Path> files = Files.walk(folder, SEARCH_DEPTH)) {
            found = files.filter(Files::isRegularFile).filter(ImportOriginal::looksLikeDatabase)
                    .filter(OriginalHistory::isOriginalDatabase).sorted().toList();
        } catch (IOException | RuntimeException e) {
            fail("history: cannot search " + folder + " for the database (" + e + "); name it with --db <file>");
            return null;
        }
        if (found.isEmpty()) {
            fail("history: no SQLite database with a table 'upgradeclient' in " + folder
                    + "; name it with --db <file> to import the history");
            return null;
        }
        if (found.size() > 1) {
            fail("history: several databases in " + folder + ": " + found + "; name one with --db <file>");
            return null;
        }
        return found.get(0);
    }

    private static boolean looksLikeDatabase(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return DATABASE_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    /**
     * Our database: an SQLite file, or a PostgreSQL database.
     *
     * @param file the SQLite file, or {@code null}
     * @param postgresql the PostgreSQL database, or {@code null}
     */
    private record Target(Path file, PostgresqlConnections postgresql) {
        Database open() throws SQLException {
            return file != null ? Database.open(file) : Database.open(postgresql);
        }

        @Override
        public String toString() {
            return file != null ? file.toString() : postgresql.url();
        }
    }

    private void importHistory(Path original, Target target) {
        if (!Files.isRegularFile(original)) {
            fail("history: " + original + " does not exist");
            return;
        }
        if (!OriginalHistory.isOriginalDatabase(original)) {
            fail("history: " + original + " is not an SQLite database with a table 'upgradeclient'");
            return;
        }
        try {
            if (target.file() != null && Files.exists(target.file()) && Files.isSameFile(original, target.file())) {
                fail("history: " + original + " is upgradeclient's own database");
                return;
            }
        } catch (IOException e) {
            fail("history: cannot compare " + original + " with " + target + " (" + e + ")");
            return;
        }
        try (Database database = target.open()) {
            OriginalHistory.Result result = OriginalHistory.importRows(original, database, zone);
            out.println("history: " + result.imported() + " rows imported from " + original + " into " + target
                    + ", " + result.alreadyImported() + " imported before");
            result.skipped().forEach(line -> out.println("warning: history: " + line + " (skipped)"));
            historySummary = "history " + result.imported() + " rows imported, " + result.alreadyImported() + " imported before, "
                    + result.skipped().size() + " skipped";
            if (!result.skipped().isEmpty()) {
                // a skipped row is history that is not there: the run is not complete until it is fixed and imported
                fail("history: " + result.skipped().size() + " rows skipped; fix them in " + original + " and import again");
            }
            if (result.unknownLevels() > 0) {
                out.println("warning: history: " + result.unknownLevels() + " rows had a log_level other than"
                        + " debug/info/warning/error and were imported as info");
            }
            if (result.unreadableDates() > 0) {
                out.println("warning: history: " + result.unreadableDates() + " rows had a last_date that is not a time"
                        + " and were imported without it");
            }
            Instant oldest = result.oldest();
            if (oldest != null && Duration.between(oldest, Instant.now()).toDays() >= DEFAULT_RETENTION_DAYS) {
                out.println("note: history: the oldest imported row is from " + oldest.atZone(zone).toLocalDate()
                        + "; history.retention_days in config/upgradeclient.yaml (default " + DEFAULT_RETENTION_DAYS
                        + ") deletes older rows after the next start: raise it or set it to 0 to keep them");
            }
        } catch (SQLException | RuntimeException e) {
            fail("history: import from " + original + " failed (" + e.getMessage() + "); the rows imported so far stay,"
                    + " run the import again to continue");
        }
    }

    private void fail(String message) {
        failed = true;
        out.println("error: " + message);
    }
}
