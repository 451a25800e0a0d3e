package io.upgradeclient.web.internal.health;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import io.upgradeclient.api.BundleState;

/**
 * Judges whether upgradeclient is up: the framework has finished starting, every upgradeclient bundle is active
 * and every upgradeclient component that should run is satisfied. Components that require a configuration and
 * have none (a factory with no instances yet) are not expected to run.
 */
public final class SystemHealth {
    /** Bundles whose components count: ours, including plugins deployed later. */
    static final String OUR_BUNDLES = "io.upgradeclient.";

    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    /**
     * @param context any bundle context of the framework
     * @param scr the Declarative Services runtime
     */
    public SystemHealth(BundleContext context, ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    /**
     * @return the current verdict with the detail behind it
     */
    public HealthReport check() {
        List<String> problems = new ArrayList<>();
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        if (framework.getState() != Bundle.ACTIVE) {
            problems.add("framework is still starting");
        }
        List<HealthReport.BundleStatus> bundles = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (isOurs(bundle)) {
                boolean fine = bundle.getState() == Bundle.ACTIVE || isFragment(bundle) && bundle.getState() == Bundle.RESOLVED;
                bundles.add(new HealthReport.BundleStatus(bundle.getSymbolicName(), bundle.getVersion().toString(), BundleState.of(bundle.getState())));
                if (!fine) {
                    problems.add("bundle " + bundle.getSymbolicName() + " is " + BundleState.of(bundle.getState()));
                }
            }
        }
        List<HealthReport.ComponentStatus> components = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!description.bundle.symbolicName.startsWith(OUR_BUNDLES)) {
                continue;
            }
            if (!scr.isComponentEnabled(description)) {
                components.add(new HealthReport.ComponentStatus(description.name, description.bundle.symbolicName, "DISABLED"));
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                String state = componentStateName(configuration.state);
                components.add(new HealthReport.ComponentStatus(description.name, description.bundle.symbolicName, state));
                if (configuration.state != ComponentConfigurationDTO.ACTIVE && configuration.state != ComponentConfigurationDTO.SATISFIED) {
                    problems.add("component " + description.name + " is " + state
                            + (configuration.failure == null ? "" : ": " + configuration.failure.lines().findFirst().orElse("")));
                }
            }
        }
        return new HealthReport(problems.isEmpty(), problems, bundles, components);
    }

    private static boolean isOurs(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return name != null && name.startsWith(OUR_BUNDLES);
    }

    private static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    static String componentStateName(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.SATISFIED -> "SATISFIED";
            case ComponentConfigurationDTO.ACTIVE -> "ACTIVE";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
