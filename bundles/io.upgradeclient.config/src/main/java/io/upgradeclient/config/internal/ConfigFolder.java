package io.upgradeclient.config.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which files of the configuration folder this bundle reads, and which parser reads each: shared by the running
 * bundle ({@link Reconciler}) and the offline check ({@link ValidateFolder}), so that both accept and reject exactly
 * the same files. Sub-folders other than {@code check/}, {@code upload/} and {@code alert/} (e.g. {@code examples/})
 * are not read.
 */
final class ConfigFolder {
    static final String SETTINGS_FILE = "upgradeclient.yaml";

    private final Path folder;
    private final Path home;

    /**
     * @param folder the configuration folder
     * @param home the distribution folder, against which a relative {@code file:} base_url is resolved
     */
    ConfigFolder(Path folder, Path home) {
        this.folder = folder.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
    }

    /**
     * @param home the framework property {@code upgradeclient.home}, or {@code null}
     * @return the distribution folder, or the working directory when the property is not set
     */
    static Path homeOrWorkingDirectory(String home) {
        return Path.of(home == null ? "" : home).toAbsolutePath();
    }

    Path folder() {
        return folder;
    }

    /** @return the distribution folder */
    Path home() {
        return home;
    }

    /**
     * @return the files that exist now: the settings, the checks sorted by name, the upload and the alert file
     * @throws IOException if {@code check/} exists but cannot be listed
     */
    List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        addIfFile(files, folder.resolve(SETTINGS_FILE));
        Path checks = folder.resolve("check");
        if (Files.isDirectory(checks)) {
            TreeSet<Path> sorted = new TreeSet<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(checks, "*.json")) {
                for (Path file : stream) {
                    // editors' lock and backup files start with a dot
                    if (!file.getFileName().toString().startsWith(".") && Files.isRegularFile(file)) {
                        sorted.add(file);
                    }
                }
            }
            files.addAll(sorted);
        }
        addIfFile(files, folder.resolve("upload").resolve("upload.json"));
        addIfFile(files, folder.resolve("alert").resolve("alert.json"));
        return files;
    }

    private static void addIfFile(List<Path> files, Path file) {
        if (Files.isRegularFile(file)) {
            files.add(file);
        }
    }

    /**
     * @param file one of {@link #files()}
     * @return the configurations it defines
     * @throws ConfigException naming the first field that is wrong
     */
    ParsedFile parse(Path file) throws ConfigException {
        String name = file.getFileName().toString();
        if (file.getParent().equals(folder)) {
            return SettingsFile.parse(file);
        }
        if ("check".equals(file.getParent().getFileName().toString())) {
            return CheckFile.parse(file, home);
        }
        return SectionsFile.parse(file, "upload.json".equals(name) ? SectionsFile.UPLOAD_PID : SectionsFile.ALERT_PID);
    }
}
