package io.upgradeclient.api;

/**
 * Why a {@link Report} is sent.
 */
public enum ReportKind {
    /** The check's {@code alert.crontab} fired: what happened since the previous report. */
    SCHEDULED,
    /** A check or target went from healthy to failing. */
    FAILING,
    /** Still failing; sent at growing intervals. */
    STILL_FAILING,
    /** A failing check or target works again. */
    RECOVERED,
    /** A check has had no successful run for longer than allowed. */
    STALE
}
