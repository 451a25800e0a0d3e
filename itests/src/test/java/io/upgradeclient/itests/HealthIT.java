package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * {@code /health} says 503 with the reason while a part of upgradeclient is down, and 200 again once it is back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthIT extends TestSupport {

    @Test
    public void answers503WhileTheCoreIsStoppedAnd200OnceItIsBack() throws Exception {
        Eventually.await(Duration.ofSeconds(30), "/health to answer 200", () -> get("/health").statusCode() == 200);
        Bundle core = Arrays.stream(context.getBundles())
                .filter(bundle -> "io.upgradeclient.core".equals(bundle.getSymbolicName())).findFirst().orElseThrow();

        core.stop();
        try {
            HttpResponse<String> down = get("/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("bundle io.upgradeclient.core is RESOLVED");
        } finally {
            core.start();
        }

        Eventually.await(Duration.ofSeconds(30), "/health to answer 200 again", () -> get("/health").statusCode() == 200);
    }
}
