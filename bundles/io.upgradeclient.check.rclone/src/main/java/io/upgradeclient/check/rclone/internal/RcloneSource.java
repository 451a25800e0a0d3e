package io.upgradeclient.check.rclone.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.SectionSettings;
import io.upgradeclient.upload.rclone.internal.process.Rclone;

/**
 * A check's rclone source, checked: {@code base_url} is an rclone path, {@code remote:folder/} with a remote of the
 * rclone config file (an opaque URI to Java, so percent-encoding applies to spaces and the like), and the check's
 * options say how to run rclone. Shared by the checker and the downloader.
 *
 * @param rclone how to run rclone
 * @param base the watched folder as rclone names it, {@code remote:folder/}
 * @param hash whether listings ask for hashes ({@code lsjson --hash})
 * @param stableSeconds how long a file must stay unmodified before it is reported
 */
record RcloneSource(Rclone rclone, String base, boolean hash, long stableSeconds) {
    /** Option: the rclone config file (default: {@code config/rclone.conf} of the distribution when it exists). */
    static final String CONFIG = "rclone_config";
    /** Option: the rclone program or its folder. */
    static final String BINPATH = "rclone_binpath";
    /** Option: rclone's connect and I/O idle timeout. */
    static final String TIMEOUT = "timeout_seconds";
    /** Option: compare files by hash too. */
    static final String HASH = "hash";
    /** Option: seconds a file must stay unmodified before it is reported. */
    static final String STABLE = "stable_seconds";

    /**
     * @param check the check
     * @param defaults the configured defaults, used for options the check leaves empty
     * @param home the distribution folder
     */
    static RcloneSource of(CheckDefinition check, Map<String, String> defaults, Path home) throws PermanentException {
        String what = "check '" + check.name() + "'";
        Map<String, String> merged = new HashMap<>(defaults);
        check.options().forEach((key, value) -> {
            if (!value.isBlank()) {
                merged.put(key, value);
            }
        });
        SectionSettings read = new SectionSettings(what, merged);
        URI url = check.baseUrl();
        if (url.getScheme() == null || url.getRawAuthority() != null || url.getSchemeSpecificPart().isEmpty()) {
            throw new PermanentException(what + ": base_url: expected an rclone path 'remote:folder/' naming a remote of"
                    + " the rclone config file");
        }
        int timeout = read.number(TIMEOUT, 120);
        if (timeout <= 0) {
            throw read.invalid(TIMEOUT, "a positive number of seconds");
        }
        String folder = url.getSchemeSpecificPart();
        Rclone rclone = Rclone.of(read.text(BINPATH), read.text(CONFIG), home, timeout, what);
        return new RcloneSource(rclone, url.getScheme() + ":" + (folder.endsWith("/") ? folder : folder + "/"),
                read.flag(HASH, false), read.number(STABLE, 0));
    }

    /**
     * @param relative a file's path below the folder, as rclone lists it
     * @return the file's URL: the base URL's scheme, the folder and the path, percent-encoded where URIs need it
     */
    URI url(String relative) throws PermanentException {
        int colon = base.indexOf(':');
        try {
            return new URI(base.substring(0, colon), base.substring(colon + 1) + relative, null);
        } catch (URISyntaxException e) {
            throw new PermanentException("cannot name " + relative + " below " + base + " as a URL: " + e.getMessage(), e);
        }
    }

    /**
     * @param url a file URL made by {@link #url(String)}
     * @return the file as rclone names it, {@code remote:folder/path}
     */
    static String location(URI url) {
        return url.getScheme() + ":" + url.getSchemeSpecificPart();
    }
}
