package io.upgradeclient.upload.rclone.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.SectionSettings;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.upload.rclone.internal.process.Rclone;

/**
 * One {@code upload.json} rclone section, checked. Holds no secret: rclone reads the passwords from its own
 * configuration file.
 *
 * @param rclone how to run rclone (program, configuration file, timeouts)
 * @param remote the destination, {@code name:path} with a remote of the configuration file
 * @param bwlimit rclone's {@code --bwlimit} value, or empty for none
 */
record RcloneSettings(Rclone rclone, String remote, String bwlimit) {

    /** An rclone remote name (letters, digits, {@code _ . - +} and space inside), a colon, then a path. */
    private static final Pattern REMOTE = Pattern.compile("[A-Za-z0-9_.+@][A-Za-z0-9_.+@ -]*:.*");
    private static final Pattern CLIMB = Pattern.compile("(^|[:/])\\.\\.(/|$)");
    private static final Pattern BWLIMIT = Pattern.compile("off|\\d+(\\.\\d+)?[BbKkMmGgTtPp]?(:\\d+(\\.\\d+)?[BbKkMmGgTtPp]?)?");

    /**
     * @param target the section
     * @param defaults the uploader's configured defaults, used for keys the section leaves empty
     * @param home the distribution folder
     */
    static RcloneSettings of(UploadTarget target, Map<String, String> defaults, Path home) throws PermanentException {
        String what = "upload '" + target.ref().name() + "'";
        Map<String, String> merged = new HashMap<>(defaults);
        target.settings().forEach((key, value) -> {
            if (!value.isBlank()) {
                merged.put(key, value);
            }
        });
        SectionSettings read = new SectionSettings(what, merged);
        String remote = read.text("remote");
        if (!REMOTE.matcher(remote).matches() || remote.chars().anyMatch(Character::isISOControl) || CLIMB.matcher(remote).find()) {
            throw read.invalid("remote", "an rclone path 'name:path' naming a remote of the rclone config file, without '..'");
        }
        String bwlimit = read.text("bwlimit");
        if (!bwlimit.isEmpty() && !BWLIMIT.matcher(bwlimit).matches()) {
            throw read.invalid("bwlimit", "an rclone bandwidth such as 10M (bytes per second, suffix B K M G T P) or 'off'");
        }
        int timeout = read.number("timeout_seconds", 600);
        if (timeout <= 0) {
            throw read.invalid("timeout_seconds", "a positive number of seconds");
        }
        return new RcloneSettings(Rclone.of(read.text("binpath"), read.text("config"), home, timeout, what), remote, bwlimit);
    }
}
