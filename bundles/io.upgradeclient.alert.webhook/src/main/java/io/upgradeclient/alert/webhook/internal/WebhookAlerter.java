package io.upgradeclient.alert.webhook.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.Alerter;
import io.upgradeclient.api.InstanceInfo;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.TransientException;

/**
 * An {@link Alerter} of type {@code webhook}: posts scheduled reports and failure alerts as JSON to a chat webhook
 * (Slack, Mattermost, Rocket.Chat, Teams, Discord) or any receiver ({@code generic}). With a {@code secret}, each
 * request carries {@value #TIMESTAMP_HEADER} and {@value #SIGNATURE_HEADER} = {@code sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<body>">}, so the receiver can check origin and freshness. A 429 or 5xx answer is retried within the
 * send when its {@code Retry-After} is short, else handed to the report dispatcher as a transient failure carrying
 * that delay; any other 4xx is permanent (the dispatcher records it as an error event).
 *
 * <p>Header values, the secret and the URL's path (a chat webhook URL is a credential) never reach a log or a message.
 */
@Component(name = WebhookAlerter.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = PluginKind.TYPE_PROPERTY + "=" + WebhookAlerter.TYPE)
@Designate(ocd = WebhookAlerter.Config.class)
public final class WebhookAlerter implements Alerter {
    /** The component name and configuration PID. */
    public static final String PID = "io.upgradeclient.alert.webhook";
    /** The {@code relation_type} this alerter serves. */
    public static final String TYPE = "webhook";
    /** The request header holding the signature's time, in Unix seconds. */
    public static final String TIMESTAMP_HEADER = "X-Upgradeclient-Timestamp";
    /** The request header holding the signature. */
    public static final String SIGNATURE_HEADER = "X-Upgradeclient-Signature";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAlerter.class);
    private static final int MAX_ERROR_TEXT = 200;

    @ObjectClassDefinition(name = "upgradeclient webhook alerter",
            description = "Defaults for the webhook sections of alert.json (relation_type webhook); a section's own keys win.")
    @interface Config {
        @AttributeDefinition(name = "Timeout (s)", description = "Connect and response timeout of one request.", min = "1")
        int timeout__seconds() default 10;

        @AttributeDefinition(name = "Attempts", description = "Requests one send may make when the receiver answers 429 or 5xx.", min = "1")
        int attempts() default 3;

        @AttributeDefinition(name = "Longest wait (s)", description = "The longest Retry-After waited for within one send;"
                + " a longer one is left to the report dispatcher's retry.", min = "0")
        int max__wait__seconds() default 30;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile InstanceInfo instance;

    private final Clock clock;
    private volatile Config config;

    /**
     * @param config the defaults
     */
    @Activate
    public WebhookAlerter(Config config) {
        this(config, Clock.systemUTC());
    }

    WebhookAlerter(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Modified
    void modified(Config changed) {
        this.config = changed;
    }

    @Override
    public void send(Report report, AlertMedia media, Map<String, String> settings) throws TransientException, PermanentException {
        Config defaults = config;
        WebhookSettings hook = WebhookSettings.of(media.target().name(), settings, defaults.timeout__seconds(), defaults.attempts());
        InstanceInfo current = instance;
        String body = WebhookPayload.of(hook.format(), current == null ? "upgradeclient" : current.name(), report, media, hook.publicUrl());
        String what = "webhook '" + media.target().name() + "' (" + hook.where() + ")";
        HttpClient client = HttpClient.newBuilder().connectTimeout(hook.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        Duration maxWait = Duration.ofSeconds(defaults.max__wait__seconds());
        for (int attempt = 1;; attempt++) {
            Optional<Duration> retryAfter;
            String problem;
            try {
                HttpResponse<String> response = client.send(request(hook, body), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    LOG.debug("{}: {} of {} sent, HTTP {}", what, report.kind(), report.check(), status);
                    return;
                }
                problem = "HTTP " + status + errorText(response.body());
                if (status != 408 && status != 429 && status < 500) {
                    throw new PermanentException(what + ": " + problem);
                }
                retryAfter = retryAfter(response.headers().firstValue("Retry-After"));
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                retryAfter = Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientException(what + ": interrupted", e);
            }
            Duration wait = retryAfter.orElse(Duration.ofSeconds(1L << Math.min(attempt - 1, 5)));
            if (attempt >= hook.attempts() || wait.compareTo(maxWait) > 0) {
                throw new TransientException(what + ": " + problem + " (attempt " + attempt + ")", null, retryAfter.orElse(null));
            }
            LOG.debug("{}: {}; attempt {} of {} in {}", what, problem, attempt + 1, hook.attempts(), wait);
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientException(what + ": interrupted", e);
            }
        }
    }

    private HttpRequest request(WebhookSettings hook, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hook.url()).timeout(hook.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        hook.headers().forEach(request::setHeader);
        if (!hook.secret().isEmpty()) {
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            request.setHeader(TIMESTAMP_HEADER, timestamp);
            request.setHeader(SIGNATURE_HEADER, "sha256=" + sign(hook.secret(), timestamp + "." + body));
        }
        return request.build();
    }

    /**
     * @param secret the shared key
     * @param signed {@code <timestamp>.<body>}
     * @return the HMAC-SHA256, 64 lower-case hex digits
     */
    static String sign(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    }

    /** {@code Retry-After} in seconds or as an HTTP date; an unreadable one is ignored. */
    private Optional<Duration> retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        try {
            if (value.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            Duration until = Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String errorText(String body) {
        String text = body == null ? "" : body.replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?").strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "…");
    }
}
