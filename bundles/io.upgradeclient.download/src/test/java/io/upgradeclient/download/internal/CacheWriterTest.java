package io.upgradeclient.download.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheWriterTest {
    @TempDir
    Path cache;

    @Test
    void reportsTheBytesReceivedAfterEveryBufferUpToTheWholeSize() throws Exception {
        int size = 2 * CacheWriter.BUFFER_SIZE + 5;
        CacheWriter writer = new CacheWriter(cache, Fixtures.change(URI.create("http://127.0.0.1/fw/a.bin"), "1"));
        List<long[]> reports = new CopyOnWriteArrayList<>();

        CacheWriter.Received received = writer.receive(new ByteArrayInputStream(FileServer.generatedBytes(size)), false,
                Long.MAX_VALUE, null, size, (done, total) -> reports.add(new long[] {done, total}));

        assertThat(received.size()).isEqualTo(size);
        assertThat(reports).extracting(report -> report[0])
                .containsExactly((long) CacheWriter.BUFFER_SIZE, 2L * CacheWriter.BUFFER_SIZE, (long) size);
        assertThat(reports).extracting(report -> report[1]).containsOnly((long) size);
    }
}
