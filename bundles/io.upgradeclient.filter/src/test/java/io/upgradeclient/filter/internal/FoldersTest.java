package io.upgradeclient.filter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class FoldersTest {
    private static final URI S38 = URI.create("http://svn/repo/General/IPC_X_S38/");

    @Test
    void sameFolderComparesWholeSegmentsSoS38DoesNotCaptureS38Xm711() {
        assertThat(Folders.sameFolder(S38, URI.create("http://svn/repo/General/IPC_X_S38_XM711/"))).isFalse();
        assertThat(Folders.sameFolder(URI.create("http://svn/repo/General/IPC_X_S38_XM711"), S38)).isFalse();
        assertThat(Folders.sameFolder(S38, URI.create("http://svn/repo/General/IPC_X_S38"))).isTrue();
    }

    @Test
    void sameFolderIgnoresPercentEncodingAndHostCaseButNotPathCaseOrServer() {
        assertThat(Folders.sameFolder(URI.create("http://SVN/repo/%E6%B5%B7%E6%80%9D%E5%B9%B3%E5%8F%B0/"),
                URI.create("http://svn/repo/海思平台"))).isTrue();
        assertThat(Folders.sameFolder(S38, URI.create("http://svn/repo/general/IPC_X_S38/"))).isFalse();
        assertThat(Folders.sameFolder(S38, URI.create("http://svn:8080/repo/General/IPC_X_S38/"))).isFalse();
        assertThat(Folders.sameFolder(S38, URI.create("https://svn/repo/General/IPC_X_S38/"))).isFalse();
    }

    @Test
    void parentOfAFileIsItsFolder() {
        URI note = URI.create("http://svn/repo/General/IPC_X_S38/ReleaseNote");

        assertThat(Folders.parent(note)).isEqualTo(S38);
        assertThat(Folders.sameFolder(Folders.parent(note), Folders.parent(URI.create("http://svn/repo/General/IPC_X_S38_XM711/ReleaseNote"))))
                .isFalse();
    }

    @Test
    void isWithinAcceptsSubfoldersButNotSiblingsWithTheSamePrefix() {
        assertThat(Folders.isWithin(URI.create("http://svn/repo/General/IPC_X_S38/2016-10-25/a.20161025.bin"), S38)).isTrue();
        assertThat(Folders.isWithin(URI.create("http://svn/repo/General/IPC_X_S38/a.20161025.bin"), S38)).isTrue();
        assertThat(Folders.isWithin(URI.create("http://svn/repo/General/IPC_X_S38_XM711/2016-10-25/a.20161025.bin"), S38)).isFalse();
        assertThat(Folders.isWithin(URI.create("http://svn/repo/General/IPC_X_S38"), S38)).isFalse();
    }

    @Test
    void relativePathIsDecodedAndFallsBackToTheWholePathOutsideTheBase() {
        URI base = URI.create("http://svn/repo/firmware/");

        assertThat(Folders.relativePath(base, URI.create("http://svn/repo/firmware/%E6%B5%B7/IPC%201/a.bin"))).isEqualTo("海/IPC 1/a.bin");
        assertThat(Folders.relativePath(base, URI.create("http://svn/repo/other/a.bin"))).isEqualTo("repo/other/a.bin");
    }

    @Test
    void anOpaqueRcloneLocationHasItsSchemeSpecificPartAsPath() {
        URI base = URI.create("vendor:releases/");
        assertThat(Folders.relativePath(base, URI.create("vendor:releases/IPC/fw%201.bin"))).isEqualTo("IPC/fw 1.bin");
        assertThat(Folders.isWithin(URI.create("vendor:releases/IPC/fw.bin"), base)).isTrue();
        assertThat(Folders.isWithin(URI.create("vendor:releases2/fw.bin"), base)).isFalse();
        assertThat(Folders.parent(URI.create("vendor:releases/IPC/fw%201.bin"))).isEqualTo(URI.create("vendor:releases/IPC/"));
        assertThat(Folders.isWithin(URI.create("vendor:releases/IPC/fw.bin"), Folders.parent(URI.create("vendor:releases/IPC/ReleaseNote.txt")))).isTrue();
    }
}
