package io.upgradeclient.check.svn.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checker;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.TransientException;

/**
 * A {@link Checker} of type {@code svn}: finds the files added or modified below a check's {@code base_url} since
 * the last revision seen, with the {@code svn} command line client (svn://, http(s)://, file:// URLs).
 *
 * <p>One run costs one {@code svn info} (HEAD, repository root, the folder's path in it) plus one
 * {@code svn log -v -r <checkpoint+1>:<HEAD>}, so it grows with the new revisions, never with the history; the
 * first run asks for {@code -r {now - revision_seconds}:<HEAD>} instead. A folder copied in (a branch of
 * firmware folders) is listed once with {@code svn list -R} so that its files are reported too, because svn's log
 * names only the copied folder. The checkpoint is the HEAD revision the run looked at.
 */
@Component(name = SvnChecker.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = PluginKind.TYPE_PROPERTY + "=svn")
@Designate(ocd = SvnChecker.Config.class)
public final class SvnChecker implements Checker {
    /** The configuration PID. */
    public static final String PID = "io.upgradeclient.check.svn";

    private static final Logger LOG = LoggerFactory.getLogger(SvnChecker.class);

    @ObjectClassDefinition(name = "upgradeclient Subversion checker",
            description = "How the svn command line client is run for checks of type svn.")
    @interface Config {
        @AttributeDefinition(name = "svn binary", description = "Path of the svn command line client (1.10 or later).")
        String binpath() default "svn";

        @AttributeDefinition(name = "Timeout (s)", description = "How long one svn command may run before it is killed.", min = "1")
        long timeout__seconds() default 120;
    }

    private final String binPath;
    private final Duration timeout;
    private final Clock clock;
    private final Consumer<List<String>> observer;

    /**
     * @param config the svn binary and timeout
     */
    @Activate
    public SvnChecker(Config config) {
        this(config.binpath(), Duration.ofSeconds(Math.max(1, config.timeout__seconds())), Clock.systemUTC(),
                args -> LOG.debug("Running {}", args));
    }

    /**
     * @param binPath the svn executable
     * @param timeout how long one svn command may take
     * @param clock the time source for the first run's look-back
     * @param observer told every svn command line (never containing a password) before it runs
     */
    SvnChecker(String binPath, Duration timeout, Clock clock, Consumer<List<String>> observer) {
        this.binPath = binPath;
        this.timeout = timeout;
        this.clock = clock;
        this.observer = observer;
    }

    @Override
    public CheckResult check(CheckDefinition check, Checkpoint since) throws TransientException, PermanentException {
        Instant started = clock.instant();
        long seen = since.isNone() ? -1 : parseCheckpoint(check, since);
        String baseUrl = check.baseUrl().toASCIIString().replaceFirst("/+$", "");
        try (SvnClient svn = new SvnClient(binPath, timeout, check.credentials(), check.proxyHost(), observer)) {
            String infoWhat = "svn info " + baseUrl;
            SvnXml.Info info = SvnXml.info(svn.run(List.of("info", "--xml", baseUrl + "@"), infoWhat), infoWhat);
            if (!"dir".equals(info.kind())) {
                throw new PermanentException(check.name() + ": base_url " + baseUrl + " is not a folder");
            }
            long head = info.revision();
            if (seen >= head) {
                LOG.debug("Check '{}': no new revision since r{}", check.name(), seen);
                return new CheckResult(List.of(), new Checkpoint(Long.toString(seen), started));
            }
            Instant notBefore = since.isNone() ? started.minus(check.lookBack()) : Instant.MIN;
            String from = since.isNone()
                    ? "{" + notBefore.truncatedTo(ChronoUnit.SECONDS) + "}"
                    : Long.toString(seen + 1);
            String logWhat = "svn log " + baseUrl;
            Path log = svn.run(List.of("log", "--xml", "-v", "-r", from + ":" + head, baseUrl + "@" + head), logWhat);
            List<SvnXml.LogEntry> entries = new ArrayList<>();
            SvnXml.log(log, logWhat, entry -> {
                Instant date = entry.date() == null ? started : entry.date();
                if (!date.isBefore(notBefore)) {
                    entries.add(entry);
                }
            });
            ChangeCollector collector = new ChangeCollector(info.root(), info.path());
            for (SvnXml.LogEntry entry : entries) {
                collect(svn, collector, entry, entry.date() == null ? started : entry.date());
            }
            var changes = collector.changes();
            LOG.debug("Check '{}': {} changed file(s) in -r {}:{}", check.name(), changes.size(), from, head);
            return new CheckResult(changes, new Checkpoint(Long.toString(head), started));
        }
    }

    private static long parseCheckpoint(CheckDefinition check, Checkpoint since) throws PermanentException {
        try {
            return Long.parseLong(since.value());
        } catch (NumberFormatException e) {
            throw new PermanentException(check.name() + ": checkpoint '" + since.value()
                    + "' is not a Subversion revision number", e);
        }
    }

    private static void collect(SvnClient svn, ChangeCollector collector, SvnXml.LogEntry entry, Instant date)
            throws TransientException, PermanentException {
        for (SvnXml.LogPath path : entry.paths()) {
            if (!collector.isBelow(path.path())) {
                continue;
            }
            switch (path.action()) {
                case "D" -> collector.deleted(path.path());
                case "A", "M", "R" -> {
                    if ("R".equals(path.action())) {
                        collector.deleted(path.path());
                    }
                    if ("file".equals(path.kind())) {
                        collector.file(path.action(), path.path(), entry.author(), date, entry.revision(), -1);
                    } else if ("dir".equals(path.kind()) && path.copied()) {
                        copiedFolder(svn, collector, entry, date, path.path());
                    } else if (path.kind().isEmpty()) {
                        LOG.warn("svn server does not say whether {} (r{}) is a file or a folder; skipped",
                                path.path(), entry.revision());
                    }
                }
                default -> LOG.warn("Unknown svn action '{}' on {} (r{}); skipped", path.action(), path.path(),
                        entry.revision());
            }
        }
    }

    private static void copiedFolder(SvnClient svn, ChangeCollector collector, SvnXml.LogEntry entry, Instant date,
            String folder) throws TransientException, PermanentException {
        String url = collector.url(folder).toASCIIString();
        String what = "svn list " + url;
        Path list = svn.run(List.of("list", "-R", "--xml", url + "@" + entry.revision()), what);
        SvnXml.listFiles(list, what, file -> collector.file("A", folder + "/" + file.name(), entry.author(), date,
                entry.revision(), file.size()));
    }
}
