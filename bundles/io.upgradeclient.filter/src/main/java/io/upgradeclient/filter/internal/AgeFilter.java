package io.upgradeclient.filter.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Filter;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;

/**
 * Filter {@code age}: keeps changes made at most {@code option.max_age_seconds} ago (by
 * {@link RemoteChange#changedAt()}), so that an old file that shows up again — a folder copied in, a restored
 * backup — is not published as new.
 */
@Component(name = "io.upgradeclient.filter.age", property = PluginKind.TYPE_PROPERTY + "=age")
public final class AgeFilter implements Filter {
    static final String MAX_AGE = "max_age_seconds";

    private final Clock clock;

    /** Uses the system clock. */
    @Activate
    public AgeFilter() {
        this(Clock.systemUTC());
    }

    AgeFilter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<FilterDecision> decide(CheckDefinition check, List<RemoteChange> changes) throws PermanentException {
        long maxAge = Options.number(check, MAX_AGE);
        if (maxAge < 0) {
            throw new PermanentException("check '" + check.name() + "': filter 'age' needs option." + MAX_AGE + " (seconds)");
        }
        Instant now = clock.instant();
        Instant oldest = now.minusSeconds(maxAge);
        List<FilterDecision> decisions = new ArrayList<>(changes.size());
        for (RemoteChange change : changes) {
            Duration age = Duration.between(change.changedAt(), now);
            if (change.changedAt().isBefore(oldest)) {
                decisions.add(FilterDecision.reject(change, "changed " + describe(age) + " ago at " + change.changedAt()
                        + ", older than option." + MAX_AGE + " " + maxAge + " s"));
            } else {
                decisions.add(FilterDecision.accept(change, "changed " + describe(age) + " ago, within option." + MAX_AGE
                        + " " + maxAge + " s"));
            }
        }
        return decisions;
    }

    private static String describe(Duration age) {
        return age.isNegative() ? "0 s" : age.toSeconds() + " s";
    }
}
