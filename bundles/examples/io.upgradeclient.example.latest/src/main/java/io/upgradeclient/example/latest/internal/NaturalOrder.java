package io.upgradeclient.example.latest.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Orders version strings the way people read them: runs of digits compare as numbers ({@code 5.7.10} after
 * {@code 5.7.3}, {@code R10} after {@code R02}), runs of letters alphabetically ignoring case, a leading {@code v}
 * and the separators ({@code . _ -}) do not count, and a version that goes on where the other ends is the later one
 * ({@code 1.2.3.1} after {@code 1.2.3}). Letters sort before digits where one version has each.
 */
final class NaturalOrder implements Comparator<String> {
    /** The one instance; it holds no state. */
    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    @Override
    public int compare(String a, String b) {
        List<String> left = runs(a);
        List<String> right = runs(b);
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int order = compareRun(left.get(i), right.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    private static int compareRun(String a, String b) {
        boolean aDigits = Character.isDigit(a.charAt(0));
        boolean bDigits = Character.isDigit(b.charAt(0));
        if (aDigits != bDigits) {
            return aDigits ? 1 : -1;
        }
        if (!aDigits) {
            return a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT));
        }
        String x = stripZeros(a);
        String y = stripZeros(b);
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }

    /** Numbers of any length: compared as digit strings without leading zeros, never parsed (no overflow). */
    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static List<String> runs(String version) {
        String text = version.startsWith("v") || version.startsWith("V") ? version.substring(1) : version;
        List<String> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean boundary = i == text.length() || !Character.isLetterOrDigit(text.charAt(i))
                    || start >= 0 && Character.isDigit(text.charAt(i)) != Character.isDigit(text.charAt(start));
            if (boundary && start >= 0) {
                runs.add(text.substring(start, i));
                start = -1;
            }
            if (i < text.length() && Character.isLetterOrDigit(text.charAt(i)) && start < 0) {
                start = i;
            }
        }
        return runs;
    }
}
