package io.upgradeclient.web.internal.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.api.DepartedPlugin;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.PluginInfo;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.TargetRef;

/**
 * The plugin system as the components page and {@code /api/v1/components} show it: every registered plugin with
 * when it arrived, the checks that use its type and the jobs waiting for it; the types checks name that no bundle
 * provides; and the plugins that left recently.
 *
 * @param plugins the registered plugins, by kind, then type
 * @param missing the types some check names or some job waits for that no registered plugin provides
 * @param departed the plugins that left recently, latest first
 */
public record Components(List<Plugin> plugins, List<Missing> missing, List<DepartedPlugin> departed) {
    /** The most waiting jobs read to find what they wait for. */
    private static final int WAITING_JOBS_READ = 1000;

    /**
     * @param info the plugin
     * @param arrived when it arrived, or {@code null} when the registry does not say
     * @param usedBy the checks whose configuration names its kind and type
     * @param waitingJobs the ids of the jobs waiting for its kind and type (they resume at once, normally)
     */
    public record Plugin(PluginInfo info, Instant arrived, List<String> usedBy, List<Long> waitingJobs) {
    }

    /**
     * @param kind what kind of plugin is missing
     * @param type its type
     * @param usedBy the checks that name it
     * @param waitingJobs the ids of the jobs waiting for it
     */
    public record Missing(PluginKind kind, String type, List<String> usedBy, List<Long> waitingJobs) {
    }

    /**
     * @param registry the registered plugins
     * @param checks the configured checks
     * @param jobs the job queue, for the waiting jobs
     * @return the picture now
     */
    public static Components of(ComponentRegistry registry, CheckCatalog checks, JobQueue jobs) {
        Map<String, Set<String>> usage = usage(checks);
        Map<String, List<Long>> waiting = new TreeMap<>();
        for (Job job : jobs.list(Set.of(JobState.WAITING), "", 0, WAITING_JOBS_READ)) {
            waiting.computeIfAbsent(job.waitingFor(), key -> new ArrayList<>()).add(job.id());
        }
        List<Plugin> plugins = new ArrayList<>();
        Set<String> present = new TreeSet<>();
        for (PluginInfo info : registry.plugins()) {
            String label = info.kind().label(info.type());
            present.add(label);
            plugins.add(new Plugin(info, registry.arrivedAt(info.serviceId()).orElse(null),
                    List.copyOf(usage.getOrDefault(label, Set.of())), waiting.getOrDefault(label, List.of())));
        }
        Map<String, Missing> missing = new TreeMap<>();
        usage.forEach((label, users) -> {
            if (!present.contains(label)) {
                missing.put(label, missing(label, users, waiting.getOrDefault(label, List.of())));
            }
        });
        waiting.forEach((label, ids) -> {
            if (!present.contains(label) && !missing.containsKey(label) && kindOf(label) != null) {
                missing.put(label, missing(label, Set.of(), ids));
            }
        });
        return new Components(plugins, List.copyOf(missing.values()), registry.departed());
    }

    /** @return for each {@code kind:type}, the checks whose configuration names it */
    private static Map<String, Set<String>> usage(CheckCatalog catalog) {
        Map<String, Set<String>> usage = new LinkedHashMap<>();
        for (CheckDefinition check : catalog.checks()) {
            use(usage, PluginKind.CHECKER, check.sourceType(), check);
            use(usage, PluginKind.DOWNLOADER, check.sourceType(), check);
            for (String filter : check.filters()) {
                use(usage, PluginKind.FILTER, filter, check);
            }
            catalog.packager(check.name()).ifPresent(packager -> use(usage, PluginKind.PACKAGER, packager, check));
            for (TargetRef target : check.uploads()) {
                use(usage, PluginKind.UPLOADER, target.type(), check);
            }
            for (AlertMedia media : check.alertMedias()) {
                use(usage, PluginKind.ALERTER, media.target().type(), check);
            }
        }
        return usage;
    }

    private static void use(Map<String, Set<String>> usage, PluginKind kind, String type, CheckDefinition check) {
        usage.computeIfAbsent(kind.label(type), key -> new TreeSet<>()).add(check.name());
    }

    private static Missing missing(String label, Set<String> users, List<Long> waiting) {
        PluginKind kind = kindOf(label);
        return new Missing(kind, label.substring(label.indexOf(':') + 1), List.copyOf(users), waiting);
    }

    /** @return the kind a {@code kind:type} label names, or {@code null} for a check or target label */
    private static PluginKind kindOf(String label) {
        for (PluginKind kind : PluginKind.values()) {
            if (label.startsWith(kind.label(""))) {
                return kind;
            }
        }
        return null;
    }

    /**
     * @param kind a plugin kind
     * @return the registered plugins of that kind
     */
    public List<Plugin> of(PluginKind kind) {
        return plugins.stream().filter(plugin -> plugin.info().kind() == kind).toList();
    }
}
