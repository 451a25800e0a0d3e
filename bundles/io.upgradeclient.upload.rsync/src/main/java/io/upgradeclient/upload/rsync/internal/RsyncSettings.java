package io.upgradeclient.upload.rsync.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.SectionSettings;
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
        SectionSettings read = new SectionSettings("upload '" + target.ref().name() + "'", target.settings());
        String binpath = read.text("binpath");
        String binary = binpath.isEmpty() ? "rsync" : Files.isDirectory(Path.of(binpath)) ? Path.of(binpath, "rsync").toString() : binpath;

        String user = read.text("username");
        if (!user.isEmpty() && !USER.matcher(user).matches()) {
            throw read.invalid("username", "letters, digits, '.', '_', '+' or '-'");
        }
        String host = read.text("serverip");
        if (host.isEmpty() || host.startsWith("-") || !HOST.matcher(host).matches()) {
            throw read.invalid("serverip", "a host name or IP address");
        }
        String remotePath = trimSlashes(read.text("remotepath"));
        if (remotePath.isEmpty() || remotePath.chars().anyMatch(Character::isISOControl)
                || Pattern.compile("(^|/)\\.\\.(/|$)").matcher(remotePath).find()) {
            throw read.invalid("remotepath", "the rsync module, optionally followed by /path, without '..'");
        }
        int port = read.number("serverport", 0);
        if (port < 0 || port > 65535) {
            throw read.invalid("serverport", "a port number from 1 to 65535");
        }
        int timeout = read.number("timeout_seconds", 300);
        if (timeout <= 0) {
            throw read.invalid("timeout_seconds", "a positive number of seconds");
        }
        int bwlimitKib = read.number("bwlimit", 0);
        String bwlimit = bwlimitKib == 0 ? "" : Integer.toString(bwlimitKib);
        return new RsyncSettings(binary, user, read.secret("password"), host, port, read.text("localpath"), remotePath,
                timeout, bwlimit, read.flag("delete", false), read.flag("compress", true));
    }



    private static String trimSlashes(String path) {
        return path.replaceAll("^/+", "").replaceAll("/+$", "");
    }

}
