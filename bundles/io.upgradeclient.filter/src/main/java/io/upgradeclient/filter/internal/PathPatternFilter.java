package io.upgradeclient.filter.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Filter;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;

/**
 * Include/exclude rules on a change's path below the check's {@code base_url}, from the check's options
 * {@code option.include} and {@code option.exclude}. A change is kept when it matches an include pattern (or no
 * include is configured) and no exclude pattern.
 */
abstract class PathPatternFilter implements Filter {
    /** Option with the patterns a path must match. */
    static final String INCLUDE = "include";
    /** Option with the patterns a path must not match. */
    static final String EXCLUDE = "exclude";

    /**
     * One compiled pattern.
     *
     * @param pattern as the operator wrote it
     * @param matches tests a decoded path below the base URL, without a leading slash
     */
    record Rule(String pattern, Predicate<String> matches) {
    }

    /** @return what the patterns are called in reasons, e.g. {@code glob} */
    abstract String kind();

    /**
     * @param check the check whose options hold the patterns
     * @param key {@value #INCLUDE} or {@value #EXCLUDE}
     * @return the compiled patterns; none when the option is not set
     * @throws PermanentException when a pattern is malformed; the message names the check and the option
     */
    abstract List<Rule> rules(CheckDefinition check, String key) throws PermanentException;

    @Override
    public final List<FilterDecision> decide(CheckDefinition check, List<RemoteChange> changes) throws PermanentException {
        List<Rule> includes = rules(check, INCLUDE);
        List<Rule> excludes = rules(check, EXCLUDE);
        List<FilterDecision> decisions = new ArrayList<>(changes.size());
        for (RemoteChange change : changes) {
            decisions.add(decide(Folders.relativePath(check.baseUrl(), change.url()), change, includes, excludes));
        }
        return decisions;
    }

    private FilterDecision decide(String path, RemoteChange change, List<Rule> includes, List<Rule> excludes) {
        for (Rule exclude : excludes) {
            if (exclude.matches().test(path)) {
                return FilterDecision.reject(change, "path '" + path + "' matches the exclude " + kind() + " '"
                        + exclude.pattern() + "' (option." + EXCLUDE + ")");
            }
        }
        if (includes.isEmpty()) {
            return FilterDecision.accept(change, excludes.isEmpty()
                    ? "no include or exclude " + kind() + " configured"
                    : "path '" + path + "' matches no exclude " + kind());
        }
        for (Rule include : includes) {
            if (include.matches().test(path)) {
                return FilterDecision.accept(change, "path '" + path + "' matches the include " + kind() + " '"
                        + include.pattern() + "'");
            }
        }
        return FilterDecision.reject(change, "path '" + path + "' matches no include " + kind() + " (option."
                + INCLUDE + ": " + String.join(", ", includes.stream().map(Rule::pattern).toList()) + ")");
    }
}
