package io.upgradeclient.example.latest.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A firmware file name split into its version/date part and the rest, the way vendors name releases:
 * {@code …_V5.00.R02.20261120_all.bin} (XM: version {@code V5.00.R02}, date {@code 20261120}),
 * {@code IPC_X.20261120.bin} (a date alone), {@code IPC_G5_EN_STD_v5.7.3_build_220112.zip} (a version and its build
 * date), {@code DH_IPC-HX2XXX_V2.800.0000000.32.R.200622.bin} (a long dotted version).
 *
 * @param product the name with its version/date part replaced by {@code *}, e.g. {@code IPC_X_*_all.bin}; the whole
 *        name when it has none
 * @param version the version as written ({@code V5.00.R02}), or empty
 * @param date the release date in the name, or {@code null}
 * @param label the version/date part as written ({@code V5.00.R02.20261120}), or empty
 */
record VersionedName(String product, String version, LocalDate date, String label) {
    /** A wildcard standing for the version/date part in {@link #product()}. */
    static final String PLACEHOLDER = "*";

    /** A file extension: letters first, so {@code .20261120} or {@code .3} never count as one. */
    private static final Pattern EXTENSION = Pattern.compile("(?:\\.tar)?\\.[A-Za-z][A-Za-z0-9]{0,4}$");
    /**
     * A version: {@code V} or {@code v} and a number, or a number with at least one dotted segment after it; segments
     * are numbers, numbers with letters ({@code R02}, {@code 3rc1}), or up to three letters before a number
     * ({@code .R.200622}). Never inside a word, so {@code HI3516EV300} and {@code S38} are not versions.
     */
    private static final Pattern VERSION = Pattern.compile(
            "(?<![A-Za-z0-9])(?:[vV]\\d+|\\d+(?=\\.[A-Za-z]{0,3}\\d))"
                    + "(?:\\.(?:[A-Za-z]{0,3}\\d[A-Za-z0-9]*|[A-Za-z]{1,3}(?=\\.\\d)))*(?![A-Za-z0-9])");
    /** A date on its own: {@code yyyyMMdd}, not part of a longer number or word. */
    private static final Pattern DATE = Pattern.compile("(?<![A-Za-z0-9])(?:19|20)\\d{6}(?![A-Za-z0-9])");
    /** A build date right after a version: {@code _220112}, {@code _build_220112}, {@code -20261120}. */
    private static final Pattern BUILD_DATE = Pattern.compile("[._-](?:[bB]uild[._-]?)?(\\d{8}|\\d{6})(?![A-Za-z0-9])");

    /**
     * @param fileName a file name, as found by a checker
     * @return its parts
     */
    static VersionedName of(String fileName) {
        Matcher extension = EXTENSION.matcher(fileName);
        int baseEnd = extension.find() && extension.start() > 0 ? extension.start() : fileName.length();
        String base = fileName.substring(0, baseEnd);

        Matcher version = VERSION.matcher(base);
        if (version.find()) {
            String text = version.group();
            int lastDot = text.lastIndexOf('.');
            LocalDate inside = lastDot > 0 ? date(text.substring(lastDot + 1)) : null;
            if (inside != null) {
                return replaced(fileName, version.start(), version.end(), text.substring(0, lastDot), inside);
            }
            Matcher build = BUILD_DATE.matcher(base).region(version.end(), base.length());
            LocalDate built = build.lookingAt() ? date(build.group(1)) : null;
            if (built != null) {
                return replaced(fileName, version.start(), build.end(), text, built);
            }
            Matcher separate = DATE.matcher(base);
            while (separate.find()) {
                LocalDate date = date(separate.group());
                if (date != null && (separate.end() <= version.start() || separate.start() >= version.end())) {
                    return twoParts(fileName, version, separate, date);
                }
            }
            return replaced(fileName, version.start(), version.end(), text, null);
        }
        Matcher alone = DATE.matcher(base);
        while (alone.find()) {
            LocalDate date = date(alone.group());
            if (date != null) {
                return replaced(fileName, alone.start(), alone.end(), "", date);
            }
        }
        return new VersionedName(fileName, "", null, "");
    }

    /** @return whether the name holds neither a version nor a date, so only the modification time can rank it */
    boolean isPlain() {
        return version.isEmpty() && date == null;
    }

    private static VersionedName replaced(String fileName, int start, int end, String version, LocalDate date) {
        return new VersionedName(fileName.substring(0, start) + PLACEHOLDER + fileName.substring(end), version, date,
                fileName.substring(start, end));
    }

    /** A version and a date apart, e.g. {@code fw_v1.2.3_all_20261120.bin}: each becomes a placeholder. */
    private static VersionedName twoParts(String fileName, Matcher version, Matcher date, LocalDate day) {
        boolean versionFirst = version.start() < date.start();
        int firstStart = versionFirst ? version.start() : date.start();
        int firstEnd = versionFirst ? version.end() : date.end();
        int secondStart = versionFirst ? date.start() : version.start();
        int secondEnd = versionFirst ? date.end() : version.end();
        String product = fileName.substring(0, firstStart) + PLACEHOLDER + fileName.substring(firstEnd, secondStart)
                + PLACEHOLDER + fileName.substring(secondEnd);
        return new VersionedName(product, version.group(), day, version.group() + " " + date.group());
    }

    /**
     * @param digits {@code yyyyMMdd} or {@code yyMMdd}
     * @return the date, or {@code null} when the digits are no real date (so {@code 0000000} or {@code 20261399} stay
     *         part of a version)
     */
    static LocalDate date(String digits) {
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() != 8 && digits.length() != 6) {
            return null;
        }
        int year = digits.length() == 8 ? Integer.parseInt(digits.substring(0, 4)) : 2000 + Integer.parseInt(digits.substring(0, 2));
        String monthDay = digits.substring(digits.length() - 4);
        if (year < 1990 || year > 2099) {
            return null;
        }
        try {
            return LocalDate.of(year, Integer.parseInt(monthDay.substring(0, 2)), Integer.parseInt(monthDay.substring(2)));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
