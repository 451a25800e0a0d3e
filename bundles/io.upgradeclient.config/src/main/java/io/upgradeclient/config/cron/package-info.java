/**
 * Cron schedules as the original service wrote them in a check's {@code alert.crontab}: 5 fields (minute hour
 * day-of-month month day-of-week), 6 fields (… year) or 7 fields (second … year), names such as {@code jan} and
 * {@code sun}, {@code L}, and the {@code @daily}-style aliases. Shared by the config bundle, which validates the
 * expressions, and the engine, which fires the reports.
 */
@Version("1.0.0")
@Export
package io.upgradeclient.config.cron;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
