package io.upgradeclient.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ChildProcessesTest {

    @Test
    void readsEveryLineOfAChattyProcessWithoutBlockingIt() throws Exception {
        // 200,000 lines: far more than a pipe holds, so the process ends only if someone reads while it runs
        Process process = new ProcessBuilder("sh", "-c", "seq 1 200000; echo 'ü done' >&2").start();
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        Thread stdout = ChildProcesses.readLines(process.getInputStream(), "test-out", out::add);
        Thread stderr = ChildProcesses.readLines(process.getErrorStream(), "test-err", err::add);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        stdout.join();
        stderr.join();

        assertThat(stdout.isDaemon()).isTrue();
        assertThat(stdout.getName()).isEqualTo("test-out");
        assertThat(out).hasSize(200_000).startsWith("1", "2").endsWith("200000");
        assertThat(err).containsExactly("ü done");
    }

    @Test
    void stopsAProcessPolitelyAndOneThatIgnoresSigtermForcibly() throws Exception {
        Process polite = new ProcessBuilder("sleep", "60").start();
        Process stubborn = new ProcessBuilder("sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done").start();
        // wait until the trap is set, or SIGTERM would end the shell before it ignores it
        assertThat(new String(stubborn.getInputStream().readNBytes(6))).isEqualTo("ready\n");

        ChildProcesses.stop(polite);
        long start = System.nanoTime();
        ChildProcesses.stop(stubborn);
        long stubbornMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(polite.isAlive()).isFalse();
        assertThat(polite.exitValue()).as("ended by SIGTERM").isEqualTo(143);
        assertThat(stubborn.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stubborn.exitValue()).as("ended by SIGKILL").isEqualTo(137);
        assertThat(stubbornMillis).as("after the 5 s grace").isGreaterThanOrEqualTo(4_900);
    }

    @Test
    void stoppingAnEndedProcessDoesNothing() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(10, TimeUnit.SECONDS)).isTrue();

        ChildProcesses.stop(ended);

        assertThat(ended.exitValue()).isZero();
    }
}
