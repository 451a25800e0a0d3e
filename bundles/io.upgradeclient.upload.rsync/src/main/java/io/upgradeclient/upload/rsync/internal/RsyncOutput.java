package io.upgradeclient.upload.rsync.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What matters in rsync's output: the {@code --stats} figures from standard output and the one line of standard
 * error that explains a failure. Fed line by line as the output arrives; each instance is fed by one thread per
 * stream, so the two halves use separate fields and the figures are read only after both streams ended.
 */
final class RsyncOutput {
    /**
     * A {@code --stats} line such as {@code Total transferred file size: 1,234 bytes}. The figure carries thousands
     * separators that depend on the locale (',' '.' or '\''); rsync is started with LC_ALL=C, but accept them all.
     */
    private static final Pattern STAT = Pattern.compile("^\\s*([A-Za-z ]+):\\s*([0-9][0-9,.']*)(\\s.*)?$");

    /**
     * A {@code --info=progress2} line such as {@code   1,234,567  45%  1.23MB/s  0:00:01 (xfr#1, to-chk=0/1)}: the
     * bytes sent so far in the whole run, then the percentage. rsync ends these lines with a carriage return, which
     * the line reader treats as a line end.
     */
    private static final Pattern PROGRESS = Pattern.compile("^\\s*([0-9][0-9,.']*)\\s+\\d{1,3}%\\s.*$");

    private long transferredSize = -1;
    private long literalData = -1;
    private long filesTransferred = -1;

    private String daemonError;
    private String rsyncMessage;
    private String rsyncError;
    private String lastLine;

    /**
     * @param line a line of standard output
     */
    void stdout(String line) {
        Matcher matcher = STAT.matcher(line);
        if (!matcher.matches()) {
            return;
        }
        switch (matcher.group(1).strip()) {
            case "Total transferred file size" -> transferredSize = figure(matcher.group(2));
            case "Literal data" -> literalData = figure(matcher.group(2));
            case "Number of regular files transferred" -> filesTransferred = figure(matcher.group(2));
        }
    }

    /**
     * @param line a line of standard error
     */
    void stderr(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return;
        }
        if (text.startsWith("@ERROR") && daemonError == null) {
            daemonError = text;
        } else if (text.startsWith("rsync:") && rsyncMessage == null) {
            rsyncMessage = text;
        } else if (text.startsWith("rsync error") && rsyncError == null) {
            rsyncError = text;
        }
        lastLine = text;
    }

    /**
     * @param line a line of standard output
     * @return the bytes sent so far when it is a progress line, else {@code -1}
     */
    static long progressBytes(String line) {
        Matcher matcher = PROGRESS.matcher(line);
        return matcher.matches() ? figure(matcher.group(1)) : -1;
    }

    private static long figure(String digits) {
        String plain = digits.replaceAll("[,.']", "");
        return plain.isEmpty() ? -1 : Long.parseLong(plain);
    }

    /**
     * @return the bytes of the files transferred ("Total transferred file size", else "Literal data"), or 0 when
     *         rsync printed neither
     */
    long bytes() {
        return transferredSize >= 0 ? transferredSize : Math.max(literalData, 0);
    }

    /**
     * @return the number of regular files transferred, or -1 when rsync did not say
     */
    long filesTransferred() {
        return filesTransferred;
    }

    /**
     * @return the line that best explains a failure: the daemon's {@code @ERROR}, else rsync's own {@code rsync:}
     *         message (the cause), else its {@code rsync error} summary, else the last line; empty when silent
     */
    String reason() {
        for (String line : new String[] {daemonError, rsyncMessage, rsyncError, lastLine}) {
            if (line != null) {
                return line;
            }
        }
        return "";
    }

    /**
     * @return whether the daemon said it is busy rather than that the request is wrong
     */
    boolean daemonBusy() {
        return daemonError != null && (daemonError.contains("max connections") || daemonError.contains("try again"));
    }
}
