package io.upgradeclient.filter.internal;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.osgi.service.component.annotations.Component;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.Filter;
import io.upgradeclient.api.PluginKind;

/**
 * Filter {@code regex}: {@code option.include} / {@code option.exclude} each hold one Java regular expression,
 * searched anywhere in the path below {@code base_url} (anchor it with {@code ^…$} to match the whole path).
 * Commas are part of the expression, not separators.
 */
@Component(name = "io.upgradeclient.filter.regex", service = Filter.class, property = PluginKind.TYPE_PROPERTY + "=regex")
public final class RegexFilter extends PathPatternFilter {

    @Override
    String kind() {
        return "regex";
    }

    @Override
    List<Rule> rules(CheckDefinition check, String key) throws PermanentException {
        String regex = Options.text(check, key);
        if (regex.isEmpty()) {
            return List.of();
        }
        try {
            Pattern pattern = Pattern.compile(regex);
            return List.of(new Rule(regex, path -> pattern.matcher(path).find()));
        } catch (PatternSyntaxException e) {
            throw new PermanentException(Options.where(check, key) + ": invalid regular expression '" + regex + "': "
                    + e.getDescription() + " near index " + e.getIndex(), e);
        }
    }
}
