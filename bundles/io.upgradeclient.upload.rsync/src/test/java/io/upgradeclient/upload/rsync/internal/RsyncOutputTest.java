package io.upgradeclient.upload.rsync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RsyncOutputTest {

    @Test
    void readsTheBytesSentFromProgressLinesOnly() {
        assertThat(RsyncOutput.progressBytes("      1,234,567  45%    1.23MB/s    0:00:01 (xfr#1, to-chk=0/1)")).isEqualTo(1_234_567);
        assertThat(RsyncOutput.progressBytes("             32 100%    0.00kB/s    0:00:00 (xfr#1, to-chk=0/1)")).isEqualTo(32);
        assertThat(RsyncOutput.progressBytes("Total transferred file size: 1,234 bytes")).isEqualTo(-1);
        assertThat(RsyncOutput.progressBytes("sent 123 bytes  received 35 bytes  316.00 bytes/sec")).isEqualTo(-1);
        assertThat(RsyncOutput.progressBytes("DEV1/2016-10-25/fw.20161025.bin")).isEqualTo(-1);
    }

    @Test
    void readsTransferredSizeWithThousandsSeparators() {
        RsyncOutput output = new RsyncOutput();
        output.stdout("Number of regular files transferred: 1,204");
        output.stdout("Total file size: 9,999,999 bytes");
        output.stdout("Total transferred file size: 1,234,567 bytes");
        output.stdout("Literal data: 1,000 bytes");

        assertThat(output.bytes()).isEqualTo(1_234_567);
        assertThat(output.filesTransferred()).isEqualTo(1204);
    }

    @Test
    void fallsBackToLiteralDataAndToZero() {
        RsyncOutput literal = new RsyncOutput();
        literal.stdout("Literal data: 4.096 bytes");
        assertThat(literal.bytes()).isEqualTo(4096);

        RsyncOutput silent = new RsyncOutput();
        silent.stdout("a/b/fw.bin");
        assertThat(silent.bytes()).isZero();
        assertThat(silent.filesTransferred()).isEqualTo(-1);
    }

    @Test
    void prefersTheDaemonsErrorThenRsyncsCauseThenItsSummary() {
        RsyncOutput auth = new RsyncOutput();
        auth.stderr("@ERROR: auth failed on module files");
        auth.stderr("rsync error: error starting client-server protocol (code 5) at main.c(1863) [sender=3.2.7]");
        assertThat(auth.reason()).isEqualTo("@ERROR: auth failed on module files");

        RsyncOutput refused = new RsyncOutput();
        refused.stderr("rsync: [sender] failed to connect to 127.0.0.1 (127.0.0.1): Connection refused (111)");
        refused.stderr("rsync error: error in socket IO (code 10) at clientserver.c(139) [sender=3.2.7]");
        assertThat(refused.reason()).startsWith("rsync: [sender] failed to connect");

        RsyncOutput other = new RsyncOutput();
        other.stderr("  ");
        other.stderr("something unexpected");
        assertThat(other.reason()).isEqualTo("something unexpected");
        assertThat(new RsyncOutput().reason()).isEmpty();
    }

    @Test
    void recognisesABusyDaemon() {
        RsyncOutput busy = new RsyncOutput();
        busy.stderr("@ERROR: max connections (2) reached -- try again later");
        assertThat(busy.daemonBusy()).isTrue();

        RsyncOutput auth = new RsyncOutput();
        auth.stderr("@ERROR: auth failed on module files");
        assertThat(auth.daemonBusy()).isFalse();
    }

    @Test
    void masksThePasswordInOutputLines() {
        assertThat(RsyncUploader.mask("bad token hunter2 here", "hunter2")).isEqualTo("bad token ******** here");
        assertThat(RsyncUploader.mask("nothing", "")).isEqualTo("nothing");
    }
}
