package io.upgradeclient.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Keeps one extracted copy of sqlite-jdbc's native library for the driver to load. Left alone, the driver writes the
 * library (1 MiB) from its jar into the temp folder on every start, reads it back to compare it with the jar's, and
 * lists the temp folder to delete old copies: a measurable part of a restart (JFR: {@code
 * SQLiteJDBCLoader.extractAndLoadLibraryFile}, {@code contentsEquals}). Here it is extracted once per driver version
 * and the driver is pointed at it with its own system properties {@code org.sqlite.lib.path} and {@code
 * org.sqlite.lib.name} (sqlite-jdbc offers no other way). When that copy cannot be loaded, the driver falls back to
 * extracting as before, so a broken copy costs time, never the database.
 */
final class SqliteNativeLibrary {
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);

    private SqliteNativeLibrary() {
    }

    /**
     * Extracts the library into {@code folder/<driver version>/} unless a copy of the same size is there, and has the
     * driver load it from there. Does nothing when the operator set {@value #PATH_PROPERTY} or the driver has no
     * library for this platform.
     *
     * @param folder where extracted copies are kept
     */
    static synchronized void useCopyIn(Path folder) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String name = LibraryLoaderUtil.getNativeLibName();
        URL resource = SQLiteJDBCLoader.class.getResource(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name);
        if (resource == null) {
            return;
        }
        Path versioned = folder.resolve(SQLiteJDBCLoader.getVersion());
        Path library = versioned.resolve(name);
        try {
            URLConnection connection = resource.openConnection();
            long size = connection.getContentLengthLong();
            if (size < 0 || !Files.isRegularFile(library) || Files.size(library) != size) {
                Files.createDirectories(versioned);
                Path part = Files.createTempFile(versioned, name, ".part");
                try (InputStream in = connection.getInputStream()) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(part, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                LOG.debug("Extracted sqlite-jdbc's native library to {}", library);
            }
            System.setProperty(PATH_PROPERTY, versioned.toString());
            System.setProperty(NAME_PROPERTY, name);
        } catch (IOException e) {
            LOG.debug("Cannot keep sqlite-jdbc's native library in {}, the driver extracts it itself: {}", versioned, e.toString());
        }
    }
}
