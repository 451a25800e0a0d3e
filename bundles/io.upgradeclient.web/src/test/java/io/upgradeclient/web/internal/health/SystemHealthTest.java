package io.upgradeclient.web.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import io.upgradeclient.api.BundleState;

class SystemHealthTest {

    private final BundleContext context = mock(BundleContext.class);
    private final ServiceComponentRuntime scr = mock(ServiceComponentRuntime.class);
    private final Bundle framework = bundle("org.apache.felix.framework", Bundle.ACTIVE);
    private final Bundle core = bundle("io.upgradeclient.core", Bundle.ACTIVE);
    private final Bundle other = bundle("org.apache.felix.scr", Bundle.RESOLVED);

    @BeforeEach
    void frameworkWithOneOfOurBundles() {
        when(context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)).thenReturn(framework);
        when(context.getBundles()).thenReturn(new Bundle[] {framework, core, other});
        when(scr.getComponentDescriptionDTOs()).thenReturn(List.of());
    }

    @Test
    void upWhenFrameworkStartedAndAllOurComponentsSatisfied() {
        component("io.upgradeclient.core", "registry", ComponentConfigurationDTO.ACTIVE);
        component("io.upgradeclient.core", "instance", ComponentConfigurationDTO.SATISFIED);

        HealthReport report = new SystemHealth(context, scr).check();

        assertThat(report.up()).isTrue();
        assertThat(report.problems()).isEmpty();
        assertThat(report.bundles()).extracting(HealthReport.BundleStatus::symbolicName).containsExactly("io.upgradeclient.core");
        assertThat(report.components()).extracting(HealthReport.ComponentStatus::state).containsExactly("ACTIVE", "SATISFIED");
    }

    @Test
    void downWhileTheFrameworkIsStillStarting() {
        when(framework.getState()).thenReturn(Bundle.STARTING);

        HealthReport report = new SystemHealth(context, scr).check();

        assertThat(report.up()).isFalse();
        assertThat(report.problems()).containsExactly("framework is still starting");
    }

    @Test
    void downWhenOneOfOurBundlesIsNotActive() {
        when(core.getState()).thenReturn(Bundle.RESOLVED);

        HealthReport report = new SystemHealth(context, scr).check();

        assertThat(report.up()).isFalse();
        assertThat(report.problems()).containsExactly("bundle io.upgradeclient.core is RESOLVED");
        assertThat(report.bundles()).extracting(HealthReport.BundleStatus::state).containsExactly(BundleState.RESOLVED);
    }

    @Test
    void downWithTheReasonWhenAComponentMissesAReference() {
        component("io.upgradeclient.web", "health", ComponentConfigurationDTO.UNSATISFIED_REFERENCE);

        HealthReport report = new SystemHealth(context, scr).check();

        assertThat(report.up()).isFalse();
        assertThat(report.problems()).containsExactly("component health is UNSATISFIED_REFERENCE");
    }

    @Test
    void componentsOfOtherBundlesDoNotCount() {
        component("org.apache.felix.webconsole", "console", ComponentConfigurationDTO.UNSATISFIED_REFERENCE);

        assertThat(new SystemHealth(context, scr).check().up()).isTrue();
    }

    private static Bundle bundle(String symbolicName, int state) {
        Bundle bundle = mock(Bundle.class);
        when(bundle.getSymbolicName()).thenReturn(symbolicName);
        when(bundle.getState()).thenReturn(state);
        when(bundle.getVersion()).thenReturn(Version.parseVersion("1.0.0"));
        when(bundle.getHeaders("")).thenReturn(new Hashtable<>());
        return bundle;
    }

    private void component(String bundle, String name, int state) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = name;
        description.bundle = new BundleDTO();
        description.bundle.symbolicName = bundle;
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = state;
        List<ComponentDescriptionDTO> all = new ArrayList<>(scr.getComponentDescriptionDTOs());
        all.add(description);
        when(scr.getComponentDescriptionDTOs()).thenReturn(all);
        when(scr.isComponentEnabled(description)).thenReturn(true);
        when(scr.getComponentConfigurationDTOs(description)).thenReturn(List.of(configuration));
    }
}
