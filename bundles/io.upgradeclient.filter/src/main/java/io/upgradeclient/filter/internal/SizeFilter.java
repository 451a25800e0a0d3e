package io.upgradeclient.filter.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Filter;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;

/**
 * Filter {@code size}: keeps files of at least {@code option.min_size} and at most {@code option.max_size} bytes
 * (either may be left out). A file whose size the source does not report passes, and the reason says so: the
 * download enforces its own size limit.
 */
@Component(name = "io.upgradeclient.filter.size", property = PluginKind.TYPE_PROPERTY + "=size")
public final class SizeFilter implements Filter {
    static final String MIN = "min_size";
    static final String MAX = "max_size";

    @Override
    public List<FilterDecision> decide(CheckDefinition check, List<RemoteChange> changes) throws PermanentException {
        long min = Options.number(check, MIN);
        long max = Options.number(check, MAX);
        if (min < 0 && max < 0) {
            throw new PermanentException("check '" + check.name() + "': filter 'size' needs option." + MIN
                    + " or option." + MAX + " (bytes)");
        }
        if (max >= 0 && min > max) {
            throw new PermanentException(Options.where(check, MIN) + " (" + min + ") is larger than option." + MAX
                    + " (" + max + ")");
        }
        List<FilterDecision> decisions = new ArrayList<>(changes.size());
        for (RemoteChange change : changes) {
            long size = change.size();
            if (size < 0) {
                decisions.add(FilterDecision.accept(change, "size unknown: the source does not report it, so it passes"));
            } else if (min >= 0 && size < min) {
                decisions.add(FilterDecision.reject(change, "size " + size + " bytes is below option." + MIN + " " + min));
            } else if (max >= 0 && size > max) {
                decisions.add(FilterDecision.reject(change, "size " + size + " bytes is above option." + MAX + " " + max));
            } else {
                decisions.add(FilterDecision.accept(change, "size " + size + " bytes is within " + range(min, max)));
            }
        }
        return decisions;
    }

    private static String range(long min, long max) {
        return "[" + (min < 0 ? "0" : Long.toString(min)) + ", " + (max < 0 ? "unlimited" : Long.toString(max)) + "]";
    }
}
