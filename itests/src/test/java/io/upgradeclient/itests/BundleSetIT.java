package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.api.InstanceInfo;
import io.upgradeclient.api.PluginInfo;
import io.upgradeclient.api.PluginKind;

/**
 * The distribution's bundle set boots in Felix: nothing unresolved, every upgradeclient component up, the health
 * endpoint answering.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundleSetIT extends TestSupport {

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private ComponentRegistry registry;

    @Inject
    private InstanceInfo instance;

    @Test
    public void everyDistributionBundleIsActive() throws Exception {
        Eventually.await(Duration.ofSeconds(30), "all bundles active",
                () -> Arrays.stream(context.getBundles()).allMatch(TestSupport::isUp));

        List<String> distribution = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().contains("/distribution/")) {
                distribution.add(bundle.getSymbolicName());
            }
        }
        assertThat(distribution).contains("io.upgradeclient.api", "io.upgradeclient.core", "io.upgradeclient.web",
                "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.http.jetty12",
                "org.apache.felix.webconsole", "org.ops4j.pax.logging.pax-logging-log4j2");
    }

    @Test
    public void everyUpgradeclientComponentIsSatisfied() throws Exception {
        List<String> ours = new ArrayList<>();
        Eventually.await(Duration.ofSeconds(30), "upgradeclient components satisfied", () -> {
            ours.clear();
            boolean allUp = true;
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
                if (description.bundle.symbolicName.startsWith("io.upgradeclient.")) {
                    ours.add(description.name);
                    for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                        allUp &= configuration.state == ComponentConfigurationDTO.ACTIVE
                                || configuration.state == ComponentConfigurationDTO.SATISFIED;
                    }
                }
            }
            return allUp;
        });
        assertThat(ours).contains("io.upgradeclient.core.internal.registry.PluginRegistry", "io.upgradeclient.instance",
                "io.upgradeclient.core.internal.engine.Engine", "io.upgradeclient.store.history", "io.upgradeclient.store.jobs",
                "io.upgradeclient.config",
                "io.upgradeclient.web.internal.health.HealthServlet", "io.upgradeclient.web.internal.api.ComponentsServlet");
    }

    @Test
    public void healthAnswersUpWithTheInstanceName() throws Exception {
        Eventually.await(Duration.ofSeconds(30), "/health to answer 200", () -> get("/health").statusCode() == 200);

        assertThat(get("/health").body()).contains("\"status\":\"UP\"").contains("\"instance\":\"" + instance.name() + "\"");
    }

    @Test
    public void registryListsEveryPluginOfTheDistribution() throws Exception {
        Eventually.await(Duration.ofSeconds(30), "the email alerter registered",
                () -> registry.plugins().stream().anyMatch(p -> p.kind() == PluginKind.ALERTER));

        assertThat(typesOf(PluginKind.CHECKER)).contains("svn", "file");
        assertThat(typesOf(PluginKind.FILTER)).contains("default", "glob", "regex", "size", "age");
        assertThat(typesOf(PluginKind.DOWNLOADER)).contains("svn", "http", "file");
        assertThat(typesOf(PluginKind.PACKAGER)).contains("copy", "xm");
        assertThat(typesOf(PluginKind.UPLOADER)).contains("rsync", "dir");
        assertThat(typesOf(PluginKind.ALERTER)).contains("email");
    }

    private List<String> typesOf(PluginKind kind) {
        return registry.plugins().stream().filter(p -> p.kind() == kind).map(PluginInfo::type).toList();
    }
}
