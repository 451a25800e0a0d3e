package io.upgradeclient.upload.dir.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.SectionSettings;
import io.upgradeclient.api.UploadTarget;

/**
 * One {@code upload.json} {@code dir} section, checked. The one parser of it: the uploader calls it at each upload,
 * and {@code check-config} calls it (named in its {@code shipped-plugins.txt}) so a section that cannot work is
 * reported before the first job reaches it.
 *
 * @param folder the target folder, absolute
 * @param fsync whether each file is forced to disk before it is renamed into place
 */
record DirSettings(Path folder, boolean fsync) {

    /**
     * @param target the section
     * @param home the distribution folder, against which a relative {@code path} is resolved
     * @return the section's settings
     * @throws PermanentException for a missing or unusable {@code path} or an {@code fsync} that is not true or false
     */
    static DirSettings of(UploadTarget target, Path home) throws PermanentException {
        SectionSettings read = new SectionSettings("upload '" + target.ref().name() + "'", target.settings());
        String path = read.text("path");
        if (path.isEmpty()) {
            throw new PermanentException("upload '" + target.ref().name() + "': setting 'path' is missing: expected the target folder");
        }
        Path folder;
        try {
            folder = home.resolve(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw read.invalid("path", "a folder path (" + e.getReason() + ")");
        }
        return new DirSettings(folder, read.flag("fsync", false));
    }
}
