package io.upgradeclient.upload.rsync.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.UploadTarget;

/**
 * One {@code upload.json} rsync section, checked. The seed wrote every value as a string and left unused ones
 * empty, so an empty value means "not set" throughout.
 *
 * @param binary the rsync program to run
 * @param user the daemon user, or empty for an anonymous module
 * @param password the daemon password, or empty
 * @param host the daemon's address
 * @param port the daemon's port, or {@code 0} for rsync's default (873)
 * @param localPath the seed's {@code localpath}, informational only
 * @param remotePath the module and optional path below it, without leading or trailing slashes
 * @param timeoutSeconds rsync's I/O and connect timeout
 * @param bwlimit the bandwidth limit in KiB/s, or empty for none
 * @param delete whether files the artifact's folders no longer hold are deleted on the target
 * @param compress whether data is compressed on the wire
 */
record RsyncSettings(String binary, String user, String password, String host, int port, String localPath,
        String remotePath, int timeoutSeconds, String bwlimit, boolean delete, boolean compress) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._+-]+");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    @Override
    public String toString() {
        return "RsyncSettings[" + destination() + ", port=" + port + ", password=" + (password.isEmpty() ? "" : "********") + "]";
    }

    /**
     * @return the daemon destination, {@code [user@]host::module[/path]/}
     */
    String destination() {
        String address = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return (user.isEmpty() ? "" : user + "@") + address + "::" + remotePath + "/";
    }

    static RsyncSettings of(UploadTarget target) throws PermanentException {
        Map<String, String> settings = target.settings();
        String section = target.ref().name();
        String binpath = value(settings, "binpath");
        String binary = binpath.isEmpty() ? "rsync" : Files.isDirectory(Path.of(binpath)) ? Path.of(binpath, "rsync").toString() : binpath;

        String user = value(settings, "username");
        if (!user.isEmpty() && !USER.matcher(user).matches()) {
            throw invalid(section, "username", "letters, digits, '.', '_', '+' or '-'");
        }
        String host = value(settings, "serverip");
        if (host.isEmpty() || host.startsWith("-") || !HOST.matcher(host).matches()) {
            throw invalid(section, "serverip", "a host name or IP address");
        }
        String remotePath = trimSlashes(value(settings, "remotepath"));
        if (remotePath.isEmpty() || remotePath.chars().anyMatch(Character::isISOControl)
                || Pattern.compile("(^|/)\\.\\.(/|$)").matcher(remotePath).find()) {
            throw invalid(section, "remotepath", "the rsync module, optionally followed by /path, without '..'");
        }
        int port = number(settings, section, "serverport", 0);
        if (port < 0 || port > 65535) {
            throw invalid(section, "serverport", "a port number from 1 to 65535");
        }
        int timeout = number(settings, section, "timeout_seconds", 300);
        if (timeout <= 0) {
            throw invalid(section, "timeout_seconds", "a positive number of seconds");
        }
        String bwlimit = value(settings, "bwlimit");
        if (!bwlimit.isEmpty() && !DIGITS.matcher(bwlimit).matches()) {
            throw invalid(section, "bwlimit", "a whole number of KiB/s");
        }
        return new RsyncSettings(binary, user, value(settings, "password"), host, port, value(settings, "localpath"), remotePath,
                timeout, bwlimit, flag(settings, section, "delete", false), flag(settings, section, "compress", true));
    }

    private static String value(Map<String, String> settings, String key) {
        String value = settings.get(key);
        return value == null ? "" : value.strip();
    }

    private static int number(Map<String, String> settings, String section, String key, int fallback) throws PermanentException {
        String value = value(settings, key);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!DIGITS.matcher(value).matches()) {
            throw invalid(section, key, "a whole number");
        }
        return Integer.parseInt(value);
    }

    private static boolean flag(Map<String, String> settings, String section, String key, boolean fallback) throws PermanentException {
        String value = value(settings, key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "" -> fallback;
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(section, key, "true or false");
        };
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+", "").replaceAll("/+$", "");
    }

    private static PermanentException invalid(String section, String key, String expected) {
        return new PermanentException("upload '" + section + "': setting '" + key + "': expected " + expected);
    }
}
