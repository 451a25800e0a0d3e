package io.upgradeclient.web.internal.health;

import java.util.List;

import io.upgradeclient.api.BundleState;

/**
 * The verdict of {@link SystemHealth}, serialized as the body of {@code /health}.
 *
 * @param up whether everything that should run does
 * @param problems what keeps it from being up, one line each; empty when up
 * @param bundles the state of every upgradeclient bundle
 * @param components the state of every upgradeclient component configuration
 */
public record HealthReport(boolean up, List<String> problems, List<BundleStatus> bundles, List<ComponentStatus> components) {

    /**
     * One bundle's state.
     *
     * @param symbolicName the bundle's symbolic name
     * @param version its version
     * @param state its state
     */
    public record BundleStatus(String symbolicName, String version, BundleState state) {
    }

    /**
     * One component configuration's state.
     *
     * @param name the component name
     * @param bundle the symbolic name of the bundle declaring it
     * @param state its Declarative Services state ({@code ACTIVE}, {@code SATISFIED}, {@code UNSATISFIED_REFERENCE}…)
     */
    public record ComponentStatus(String name, String bundle, String state) {
    }
}
