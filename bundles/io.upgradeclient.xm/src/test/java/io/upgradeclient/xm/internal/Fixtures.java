package io.upgradeclient.xm.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.RemoteChange;

/** Builds checks, downloaded files and firmware archives for the tests. */
final class Fixtures {
    static final String BASE = "http://svn.example.com/firmware/";

    private Fixtures() {
    }

    static CheckDefinition check(Duration lookBack, Map<String, String> options) {
        return new CheckDefinition("xm_ipc", "svn", URI.create(BASE), Credentials.NONE, "", lookBack, Duration.ofSeconds(15),
                List.of("default"), List.of(), "", List.of(), "xm_upgradefiles", options);
    }

    /** The URL of a path below {@link #BASE}, each segment percent-encoded. */
    static URI url(String path) {
        StringBuilder encoded = new StringBuilder(BASE);
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length; i++) {
            encoded.append(i == 0 ? "" : "/").append(URLEncoder.encode(segments[i], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return URI.create(encoded.toString());
    }

    /** A downloaded file as the engine hands it over: its name is the URL's last segment, decoded. */
    static DownloadedFile downloaded(URI url, Path file) throws IOException {
        String path = url.getPath();
        return downloaded(url, path.substring(path.lastIndexOf('/') + 1), file);
    }

    static DownloadedFile downloaded(URI url, String fileName, Path file) throws IOException {
        RemoteChange change = new RemoteChange(ChangeAction.ADDED, url, fileName, "General", "alice",
                Instant.parse("2016-10-25T08:00:00Z"), "42", Files.size(file));
        return new DownloadedFile(change, file, Files.size(file), sha256(file));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"DevID": "<id>", ...}} as the vendor's InstallDesc holds it. */
    static String installDesc(String devId) {
        return "{\n  \"DevID\" : \"" + devId + "\",\n  \"CompatibleVersion\" : 2,\n  \"UpgradeCommand\" : [ { \"Command\" : \"Burn\" } ]\n}\n";
    }

    /**
     * A firmware archive: an image entry of pseudo-random bytes and, when given, an InstallDesc entry.
     *
     * @param installDesc the InstallDesc content, or {@code null} for none
     */
    static byte[] firmwareZip(String installDesc) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            byte[] image = new byte[48 * 1024];
            new Random(7).nextBytes(image);
            zip.putNextEntry(new ZipEntry("romfs-x.cramfs.img"));
            zip.write(image);
            zip.closeEntry();
            if (installDesc != null) {
                zip.putNextEntry(new ZipEntry(DeviceIds.ENTRY));
                zip.write(installDesc.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
