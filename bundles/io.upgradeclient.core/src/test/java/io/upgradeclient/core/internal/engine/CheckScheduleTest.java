package io.upgradeclient.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckScheduleTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final CheckSchedule schedule = new CheckSchedule(timer, pool);

    @AfterEach
    void stop() {
        schedule.cancelAll();
        timer.shutdownNow();
        pool.shutdownNow();
    }

    @Test
    void aSlowCheckNeverOverlapsItself() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch threeRuns = new CountDownLatch(3);
        schedule.schedule("slow", Duration.ofMillis(5), () -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                Thread.sleep(60);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
            runs.incrementAndGet();
            threeRuns.countDown();
        });

        assertThat(threeRuns.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void aSlowCheckDoesNotDelayTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch fastRuns = new CountDownLatch(5);
        schedule.schedule("stuck", Duration.ofMillis(5), () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        schedule.schedule("fast", Duration.ofMillis(5), fastRuns::countDown);

        assertThat(fastRuns.await(10, TimeUnit.SECONDS)).as("the fast check kept running while the other hung").isTrue();
        release.countDown();
    }

    @Test
    void runNowRefusesWhileTheScheduledRunIsGoing() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        schedule.schedule("c", Duration.ofHours(1), () -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(schedule.runNow("c", () -> "ran")).isEmpty();
        release.countDown();
    }

    @Test
    void reschedulingWhileRunningStillNeverOverlaps() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        CountDownLatch runs = new CountDownLatch(4);
        Runnable body = () -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
            runs.countDown();
        };
        schedule.schedule("c", Duration.ofMillis(5), body);
        schedule.schedule("c", Duration.ofMillis(5), body);
        schedule.schedule("c", Duration.ofMillis(5), body);

        assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void cancelledCheckRunsNoMore() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        schedule.schedule("c", Duration.ofMillis(5), () -> {
            runs.incrementAndGet();
            first.countDown();
        });
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();

        schedule.cancel("c");
        int afterCancel = runs.get();
        CountDownLatch other = new CountDownLatch(3);
        schedule.schedule("other", Duration.ofMillis(5), other::countDown);
        assertThat(other.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(runs.get()).isLessThanOrEqualTo(afterCancel + 1);
    }
}
