package io.upgradeclient.xm.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the vendor's {@code ReleaseNote} format, a series of records:
 *
 * <pre>
 * 2016-10-25 IPC_HI3518EV200_50H10L_S38      header: date (month and day may be one digit), non-word chars, flag
 * General_IPC_HI3518EV200_50H10L_S38...      second line: free
 * 2016-10-25                                 third line: contains the header's date, no leading white space
 * Level=0                                    0 or 1
 * XmCloudUpgrade=1                           0 or 1
 * ChangeLog_SimpChinese=                     starts a change log; the following non-key lines belong to it
 * 1. 修复…
 * ChangeLog_English=
 * 1. Fixed…
 * </pre>
 *
 * <p>Lines before the first header are ignored. An invalid record is skipped with a {@link Problem}; the others
 * still count. The file is read line by line and only the records a caller wants are kept, so memory does not grow
 * with the size of the note.
 */
final class ReleaseNotes {
    /** The file name of a release note. */
    static final String NAME = "ReleaseNote";

    /** Matched at the line's start only, as the original did, so text after the flag is allowed. */
    private static final Pattern HEADER = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})\\W+([A-Za-z0-9_-]+)");

    private static final Pattern KEY = Pattern.compile("(Level|XmCloudUpgrade|ChangeLog_SimpChinese|ChangeLog_English)\\s*=\\s*(.*)",
            Pattern.DOTALL);

    /** Enough to tell an operator what is wrong without letting a broken note fill the memory or the log. */
    private static final int MAX_PROBLEMS = 100;

    private static final int MAX_QUOTE = 60;

    private ReleaseNotes() {
    }

    /**
     * The first line of a record.
     *
     * @param line its line number, from 1
     * @param dateText the date as written, e.g. {@code 2016-1-5}
     * @param date the date, or {@code null} when the text is not a calendar date
     * @param flag the firmware flag, e.g. {@code IPC_HI3518EV200_50H10L_S38}
     */
    record Header(int line, String dateText, LocalDate date, String flag) {
        @Override
        public String toString() {
            return "line " + line + " (" + dateText + " " + flag + ")";
        }
    }

    /**
     * A valid record.
     *
     * @param header its first line
     * @param level {@code 0}, {@code 1} or empty when the record has no {@code Level} line
     * @param xmCloudUpgrade {@code 0}, {@code 1} or empty when the record has no {@code XmCloudUpgrade} line
     * @param changeLogSimpChinese the Chinese change log: lines without leading white space, joined with
     *        {@code \n}, trimmed
     * @param changeLogEnglish the English change log, likewise
     */
    record Entry(Header header, String level, String xmCloudUpgrade, String changeLogSimpChinese, String changeLogEnglish) {
    }

    /**
     * An invalid record, skipped.
     *
     * @param header its first line
     * @param reason what is wrong, naming the line
     */
    record Problem(Header header, String reason) {
        @Override
        public String toString() {
            return "record at " + header + ": " + reason;
        }
    }

    /**
     * @param charset the encoding the note was read with
     * @param entries the valid records the caller wanted, in file order
     * @param valid how many records are valid, wanted or not
     * @param invalid how many records are invalid
     * @param problems why records are invalid (the first ones)
     */
    record Parsed(Charset charset, List<Entry> entries, int valid, int invalid, List<Problem> problems) {
    }

    /**
     * Reads a release note, as UTF-8 when it is valid UTF-8, else as GB18030.
     *
     * @param file the note
     * @param wanted which valid records to return; the others are only checked and counted
     * @return the records and the problems found
     * @throws IOException if the file cannot be read
     */
    static Parsed parse(Path file, Predicate<Header> wanted) throws IOException {
        try {
            return parse(file, Encodings.strictUtf8(), wanted);
        } catch (CharacterCodingException notUtf8) {
            return parse(file, Encodings.lenientGb18030(), wanted);
        }
    }

    private static Parsed parse(Path file, CharsetDecoder decoder, Predicate<Header> wanted) throws IOException {
        Result result = new Result();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            Draft draft = null;
            int number = 0;
            for (String line; (line = reader.readLine()) != null;) {
                number++;
                if (number == 1) {
                    line = Encodings.withoutBom(line);
                }
                Matcher header = HEADER.matcher(line);
                if (header.lookingAt()) {
                    if (draft != null) {
                        draft.finish(result);
                    }
                    Header start = header(number, header);
                    draft = new Draft(start, wanted.test(start));
                } else if (draft != null) {
                    draft.add(number, line);
                }
            }
            if (draft != null) {
                draft.finish(result);
            }
        }
        return new Parsed(decoder.charset(), List.copyOf(result.entries), result.valid, result.invalid, List.copyOf(result.problems));
    }

    private static Header header(int number, Matcher header) {
        String dateText = header.group(1) + "-" + header.group(2) + "-" + header.group(3);
        LocalDate date;
        try {
            date = LocalDate.of(Integer.parseInt(header.group(1)), Integer.parseInt(header.group(2)), Integer.parseInt(header.group(3)));
        } catch (DateTimeException e) {
            date = null;
        }
        return new Header(number, dateText, date, header.group(4));
    }

    private static String quote(String line) {
        String text = line.length() > MAX_QUOTE ? line.substring(0, MAX_QUOTE) + "…" : line;
        return "'" + text.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private static final class Result {
        final List<Entry> entries = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        int valid;
        int invalid;
    }

    private enum Log { NONE, SIMP_CHINESE, ENGLISH }

    /** One record being read. Change-log text is only collected for wanted records. */
    private static final class Draft {
        private final Header header;
        private final boolean wanted;
        private final StringBuilder simpChinese = new StringBuilder();
        private final StringBuilder english = new StringBuilder();
        private int lines = 1;
        private String problem;
        private String level = "";
        private String xmCloudUpgrade = "";
        private Log log = Log.NONE;

        Draft(Header header, boolean wanted) {
            this.header = header;
            this.wanted = wanted;
            if (header.date() == null) {
                problem = "'" + header.dateText() + "' is not a calendar date";
            }
        }

        void add(int number, String line) {
            lines++;
            if (problem != null || lines == 2) {
                return;
            }
            if (lines == 3) {
                if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
                    problem = "line " + number + ": the third line of a record must not be empty or start with white space";
                } else if (!line.contains(header.dateText())) {
                    problem = "line " + number + ": the third line of a record must contain its date " + header.dateText()
                            + ", was " + quote(line);
                }
                return;
            }
            String item = line.stripTrailing();
            Matcher key = KEY.matcher(item);
            if (key.matches()) {
                keyLine(number, key.group(1), key.group(2).strip());
            } else if (log != Log.NONE) {
                append(item.strip());
            } else if (!item.isBlank()) {
                problem = "line " + number + ": expected Level=, XmCloudUpgrade=, ChangeLog_SimpChinese= or ChangeLog_English=, was "
                        + quote(item);
            }
        }

        private void keyLine(int number, String key, String value) {
            switch (key) {
                case "Level", "XmCloudUpgrade" -> {
                    log = Log.NONE;
                    if (!value.equals("0") && !value.equals("1")) {
                        problem = "line " + number + ": " + key + " must be 0 or 1, was " + quote(value);
                    } else if (key.equals("Level")) {
                        level = value;
                    } else {
                        xmCloudUpgrade = value;
                    }
                }
                case "ChangeLog_SimpChinese" -> startLog(Log.SIMP_CHINESE, value);
                default -> startLog(Log.ENGLISH, value);
            }
        }

        /** Text after the '=' is the log's first line (the original dropped it). */
        private void startLog(Log which, String value) {
            log = which;
            if (!value.isEmpty()) {
                append(value);
            }
        }

        private void append(String text) {
            if (wanted) {
                (log == Log.SIMP_CHINESE ? simpChinese : english).append(text).append('\n');
            }
        }

        void finish(Result result) {
            if (problem == null && lines < 3) {
                problem = "a record needs at least 3 lines, has " + lines;
            }
            if (problem != null) {
                result.invalid++;
                if (result.problems.size() < MAX_PROBLEMS) {
                    result.problems.add(new Problem(header, problem));
                }
                return;
            }
            result.valid++;
            if (wanted) {
                result.entries.add(new Entry(header, level, xmCloudUpgrade, simpChinese.toString().strip(), english.toString().strip()));
            }
        }
    }
}
