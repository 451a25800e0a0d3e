package io.upgradeclient.xm.internal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.TransientException;

/**
 * The device id of a firmware: a firmware file is a ZIP archive whose entry {@value #ENTRY} holds JSON with a
 * 24-character {@code DevID}. The upgrade server files firmware under a masked form of that id.
 */
final class DeviceIds {
    /** The ZIP entry that describes the installation. */
    static final String ENTRY = "InstallDesc";

    /** The length of a device id, and of its masked form. */
    static final int LENGTH = 24;

    /** An InstallDesc is a few hundred bytes; anything far larger is not one, and is not read into memory. */
    private static final int MAX_DESCRIPTION = 64 * 1024;

    private DeviceIds() {
    }

    /**
     * Reads the device id of a firmware file.
     *
     * @param firmware the firmware file
     * @param what how to name the firmware in messages (its URL)
     * @return the {@code DevID}: 24 printable ASCII characters, none of them a path separator
     * @throws PermanentException if the file is no readable ZIP, has no {@value #ENTRY} entry, or that entry holds
     *         no valid {@code DevID}
     * @throws TransientException if the local file cannot be read
     */
    static String read(Path firmware, String what) throws PermanentException, TransientException {
        byte[] description;
        try {
            description = description(firmware, what);
        } catch (ZipException | EOFException e) {
            throw new PermanentException("firmware " + what + " is not a readable ZIP archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TransientException("cannot read firmware " + what + ": " + e.getMessage(), e);
        }
        return devId(description, what);
    }

    /**
     * Masks a device id the way the upgrade server files firmware: when the sixth character is below {@code '5'},
     * the first 8 characters, 11 {@code X} and the last 5; otherwise the first 8, {@code XXXXX}, {@code 0000} and
     * the last 7.
     *
     * @param devId a 24-character device id
     * @return the masked id, 24 characters
     */
    static String mask(String devId) {
        if (devId.length() != LENGTH) {
            throw new IllegalArgumentException("a device id has " + LENGTH + " characters, was " + devId.length());
        }
        return devId.charAt(5) < '5'
                ? devId.substring(0, 8) + "X".repeat(11) + devId.substring(19)
                : devId.substring(0, 8) + "XXXXX" + "0000" + devId.substring(17);
    }

    private static byte[] description(Path firmware, String what) throws IOException, PermanentException {
        try (ZipFile zip = new ZipFile(firmware.toFile())) {
            ZipEntry entry = zip.getEntry(ENTRY);
            if (entry == null) {
                throw noDescription(what);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return limited(in, what);
            }
        } catch (ZipException noCentralDirectory) {
            // The JDK looks for the end record only in the last 64 KiB; firmware images padded further than that
            // are still readable entry by entry from the start.
            return streamed(firmware, what);
        }
    }

    private static byte[] streamed(Path firmware, String what) throws IOException, PermanentException {
        try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(Files.newInputStream(firmware)))) {
            int entries = 0;
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                entries++;
                if (entry.getName().equals(ENTRY)) {
                    return limited(in, what);
                }
            }
            if (entries == 0) {
                throw new PermanentException("firmware " + what + " is not a ZIP archive: no entry found");
            }
            throw noDescription(what);
        }
    }

    private static PermanentException noDescription(String what) {
        return new PermanentException("firmware " + what + " has no " + ENTRY + " entry: cannot read its device id");
    }

    private static byte[] limited(InputStream in, String what) throws IOException, PermanentException {
        byte[] bytes = in.readNBytes(MAX_DESCRIPTION + 1);
        if (bytes.length > MAX_DESCRIPTION) {
            throw new PermanentException("firmware " + what + ": " + ENTRY + " is larger than " + MAX_DESCRIPTION + " bytes");
        }
        return bytes;
    }

    private static String devId(byte[] description, String what) throws PermanentException {
        JsonElement json;
        try {
            json = JsonParser.parseString(Encodings.decode(description));
        } catch (JsonParseException e) {
            throw new PermanentException("firmware " + what + ": " + ENTRY + " is not JSON: " + e.getMessage(), e);
        }
        JsonElement devId = json.isJsonObject() ? json.getAsJsonObject().get("DevID") : null;
        if (devId == null || !devId.isJsonPrimitive() || !devId.getAsJsonPrimitive().isString()) {
            throw new PermanentException("firmware " + what + ": " + ENTRY + " has no DevID string");
        }
        String id = devId.getAsString();
        if (id.length() != LENGTH || !id.chars().allMatch(c -> c > ' ' && c < 0x7f && c != '/' && c != '\\')) {
            throw new PermanentException("firmware " + what + ": DevID in " + ENTRY + " must be " + LENGTH
                    + " printable ASCII characters without / or \\, was '" + id.replaceAll("\\p{Cntrl}", "?") + "' ("
                    + id.length() + " characters)");
        }
        return id;
    }
}
