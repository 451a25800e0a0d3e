package io.upgradeclient.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {
    @TempDir
    Path folder;

    private String savedPath;
    private String savedName;

    @BeforeEach
    void forgetTheDriversSettings() {
        savedPath = System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
        savedName = System.clearProperty(SqliteNativeLibrary.NAME_PROPERTY);
    }

    @AfterEach
    void restoreTheDriversSettings() {
        restore(SqliteNativeLibrary.PATH_PROPERTY, savedPath);
        restore(SqliteNativeLibrary.NAME_PROPERTY, savedName);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static byte[] jarsCopy() throws Exception {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            return in.readAllBytes();
        }
    }

    @Test
    void extractsTheLibraryOncePerDriverVersionAndPointsTheDriverAtIt() throws Exception {
        SqliteNativeLibrary.useCopyIn(folder);

        Path versioned = folder.resolve(SQLiteJDBCLoader.getVersion());
        Path library = versioned.resolve(LibraryLoaderUtil.getNativeLibName());
        assertThat(Files.readAllBytes(library)).isEqualTo(jarsCopy());
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo(versioned.toString());
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isEqualTo(LibraryLoaderUtil.getNativeLibName());
        try (var files = Files.list(versioned)) {
            assertThat(files).as("no partial file left behind").containsExactly(library);
        }

        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(library, old);
        System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
        SqliteNativeLibrary.useCopyIn(folder);

        assertThat(Files.getLastModifiedTime(library)).as("the next start reuses the copy").isEqualTo(old);
    }

    @Test
    void replacesACopyCutShort() throws Exception {
        Path library = folder.resolve(SQLiteJDBCLoader.getVersion()).resolve(LibraryLoaderUtil.getNativeLibName());
        Files.createDirectories(library.getParent());
        Files.write(library, new byte[] {1, 2, 3});

        SqliteNativeLibrary.useCopyIn(folder);

        assertThat(Files.readAllBytes(library)).isEqualTo(jarsCopy());
    }

    @Test
    void leavesALibraryPathTheOperatorSetAlone() {
        System.setProperty(SqliteNativeLibrary.PATH_PROPERTY, "/opt/sqlite");

        SqliteNativeLibrary.useCopyIn(folder);

        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo("/opt/sqlite");
        assertThat(folder).isEmptyDirectory();
    }
}
