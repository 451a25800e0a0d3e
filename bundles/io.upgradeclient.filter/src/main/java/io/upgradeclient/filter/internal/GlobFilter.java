package io.upgradeclient.filter.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.Filter;
import io.upgradeclient.api.PluginKind;

/**
 * Filter {@code glob}: {@code option.include} / {@code option.exclude} hold comma-separated globs. A glob without
 * {@code /} is matched against the file name (like {@code .gitignore}), one with {@code /} against the whole path
 * below {@code base_url}. {@code *} and {@code ?} stay within one segment, {@code **} crosses segments
 * ({@code **}{@code /} also matches no folder at all), {@code [abc]} / {@code [!abc]} are character classes,
 * {@code {bin,img}} alternatives, and {@code \} escapes the next character. Matching is case-sensitive.
 */
@Component(name = "io.upgradeclient.filter.glob", service = Filter.class, property = PluginKind.TYPE_PROPERTY + "=glob")
public final class GlobFilter extends PathPatternFilter {

    @Override
    String kind() {
        return "glob";
    }

    @Override
    List<Rule> rules(CheckDefinition check, String key) throws PermanentException {
        List<Rule> rules = new ArrayList<>();
        for (String glob : Options.list(Options.text(check, key))) {
            Pattern pattern = compile(glob, Options.where(check, key));
            boolean nameOnly = glob.indexOf('/') < 0;
            rules.add(new Rule(glob, path -> pattern.matcher(nameOnly ? path.substring(path.lastIndexOf('/') + 1) : path).matches()));
        }
        return rules;
    }

    /**
     * @param glob one glob
     * @param where names the check and option in errors
     * @return the equivalent regular expression
     * @throws PermanentException when a {@code [} or {@code {} is not closed, or the glob ends with {@code \}
     */
    static Pattern compile(String glob, String where) throws PermanentException {
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                        regex.append(slash ? "(?:.*/)?" : ".*");
                        i += slash ? 2 : 1;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new PermanentException(where + ": glob '" + glob + "' has a '[' without ']'");
                    }
                    String set = glob.substring(i + 1, end);
                    regex.append('[').append(set.startsWith("!") ? "^" + quoteSet(set.substring(1)) : quoteSet(set)).append(']');
                    i = end;
                }
                case '{' -> {
                    braces++;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        throw new PermanentException(where + ": glob '" + glob + "' has a '}' without '{'");
                    }
                    braces--;
                    regex.append(')');
                }
                case ',' -> regex.append(braces > 0 ? "|" : ",");
                case '\\' -> {
                    if (++i == glob.length()) {
                        throw new PermanentException(where + ": glob '" + glob + "' ends with a lone '\\'");
                    }
                    regex.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces > 0) {
            throw new PermanentException(where + ": glob '" + glob + "' has a '{' without '}'");
        }
        return Pattern.compile(regex.toString());
    }

    /** Keeps ranges ({@code a-z}) but makes every other character literal inside a regex character class. */
    private static String quoteSet(String set) {
        StringBuilder out = new StringBuilder();
        for (char c : set.toCharArray()) {
            if (c == '\\' || c == '[' || c == ']' || c == '^' || c == '&') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
