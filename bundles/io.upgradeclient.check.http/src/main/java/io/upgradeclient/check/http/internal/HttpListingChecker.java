package io.upgradeclient.check.http.internal;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checker;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.TransientException;

/**
 * A {@link Checker} of type {@code http}: walks an HTTP(S) directory listing (Apache, nginx, lighttpd autoindex
 * pages or a JSON listing) below the check's {@code base_url} and reports new files and files whose size or time
 * changed. The checkpoint keeps each folder's validators, so an unchanged folder costs one 304 reply.
 *
 * <p>Per-check settings come from the check's options ({@code max_parallel}, {@code max_depth},
 * {@code connect_timeout_seconds}, {@code read_timeout_seconds}), its {@code proxy_host} and credentials.
 */
@Component(name = HttpListingChecker.PID, property = PluginKind.TYPE_PROPERTY + "=http")
public final class HttpListingChecker implements Checker {
    /** The component name. */
    public static final String PID = "io.upgradeclient.check.http";

    private static final Logger LOG = LoggerFactory.getLogger(HttpListingChecker.class);

    private record ClientKey(Optional<InetSocketAddress> proxy, Duration connectTimeout) {
    }

    /** Clients are kept per proxy and connect timeout, so that connections are reused from one run to the next. */
    private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();
    /**
     * The checkpoint each check got back last, as text and parsed. The next run usually starts from that very
     * text: it is taken as it is instead of parsed again, and when nothing changed the same text is handed back
     * instead of written again (reading and writing the JSON of a large tree was a sixth of a no-change run).
     */
    private final Map<String, WrittenState> written = new ConcurrentHashMap<>();
    private final Clock clock;

    private record WrittenState(String value, ListingState state) {
    }

    /** Used by Declarative Services. */
    public HttpListingChecker() {
        this(Clock.systemUTC());
    }

    HttpListingChecker(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CheckResult check(CheckDefinition check, Checkpoint since) throws TransientException, PermanentException {
        Instant started = clock.instant();
        CheckOptions options = CheckOptions.of(check);
        URI base = base(check);
        WrittenState last = written.get(check.name());
        Optional<ListingState> previous = last != null && last.value().equals(since.value())
                ? Optional.of(last.state()).filter(state -> state.isOf(base))
                : ListingState.read(since.value(), base);
        if (!since.isNone() && previous.isEmpty()) {
            LOG.warn("check '{}': the stored checkpoint is unreadable or belongs to another base_url; listing {} as on a first run",
                    check.name(), base);
        }
        ListingClient client = new ListingClient(client(options), base, authorization(check.credentials()), options.readTimeout());
        FolderWalk.Result result = new FolderWalk(check.name(), base, client, options, previous.orElse(null), started,
                started.minus(check.lookBack())).run();
        LOG.debug("check '{}': {} folder requests ({} not modified), {} changes in {} ms", check.name(), result.requests(),
                result.notModified(), result.changes().size(), Duration.between(started, clock.instant()).toMillis());
        String value = previous.filter(result.state()::equals).isPresent() ? since.value() : result.state().write();
        written.put(check.name(), new WrittenState(value, result.state()));
        return new CheckResult(result.changes(), new Checkpoint(value, started), result.refused());
    }

    private static URI base(CheckDefinition check) throws PermanentException {
        URI url = check.baseUrl();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme)) || url.getHost() == null || url.getRawQuery() != null
                || url.getRawFragment() != null) {
            throw new PermanentException("check '" + check.name() + "': base_url: expected an http:// or https:// folder URL "
                    + "without query, was '" + url + "'");
        }
        if (url.getRawUserInfo() != null) {
            throw new PermanentException("check '" + check.name() + "': base_url: must not hold a user name or password; "
                    + "use auth_user and auth_pass");
        }
        return Links.asFolder(url);
    }

    private HttpClient client(CheckOptions options) {
        return clients.computeIfAbsent(new ClientKey(options.proxy(), options.connectTimeout()), key -> {
            // The client's own thread pool only passed each reply from the selector thread to the waiting worker:
            // run there instead (CappedBody copies bytes and never blocks). A no-change check of 101 pages spent a
            // fifth of its CPU on that hand-off.
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(Runnable::run)
                    .connectTimeout(key.connectTimeout());
            key.proxy().ifPresent(proxy -> builder.proxy(ProxySelector.of(proxy)));
            return builder.build();
        });
    }

    /** Sent with every request rather than after a 401 challenge: one round trip less per folder. */
    private static String authorization(Credentials credentials) {
        if (!credentials.isPresent()) {
            return null;
        }
        String pair = credentials.user() + ":" + credentials.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
