package io.upgradeclient.alert.email.internal;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLHandshakeException;

import org.eclipse.angus.activation.MailcapRegistryProviderImpl;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.Alerter;
import io.upgradeclient.api.InstanceInfo;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.TransientException;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * An {@link Alerter} of type {@code email}: sends a report as a multipart/alternative mail (plain text and HTML,
 * UTF-8) through the SMTP server of an {@code alert.json} section. Every recipient in To, Cc and Bcc receives it
 * (the seed dropped Cc); Bcc recipients are delivered to but never written into the header.
 *
 * <p>Inside OSGi, Jakarta Mail finds its provider through the thread context class loader, which is set around
 * each use to a loader seeing Angus Mail and Angus Activation ({@link MailClassLoader}); the login goes through
 * {@code Transport.connect(host, port, user, password)}, without an {@code Authenticator}.
 */
@Component(name = EmailAlerter.PID, property = PluginKind.TYPE_PROPERTY + "=" + EmailAlerter.TYPE)
public final class EmailAlerter implements Alerter {
    /** The component name. */
    public static final String PID = "io.upgradeclient.alert.email";
    /** The {@code relation_type} this alerter serves. */
    public static final String TYPE = "email";

    private static final Logger LOG = LoggerFactory.getLogger(EmailAlerter.class);
    /** The SMTP conversation when a section asks for it with {@code debug_num > 0}. */
    private static final Logger SMTP_LOG = LoggerFactory.getLogger("io.upgradeclient.alert.email.smtp");

    private static final MailClassLoader MAIL_LOADER = new MailClassLoader(SMTPTransport.class.getClassLoader(),
            MailcapRegistryProviderImpl.class.getClassLoader(), Session.class.getClassLoader());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile InstanceInfo instance;

    private final ZoneId zone;
    private final Consumer<String> debugSink;

    /** A component using the system time zone for dates and the SMTP log for debug output. */
    public EmailAlerter() {
        this(ZoneId.systemDefault(), SMTP_LOG::info);
    }

    EmailAlerter(ZoneId zone, Consumer<String> debugSink) {
        this.zone = zone;
        this.debugSink = debugSink;
    }

    @Override
    public void send(Report report, AlertMedia media, Map<String, String> settings) throws TransientException, PermanentException {
        EmailSettings smtp = EmailSettings.of(media.target().name(), settings);
        InstanceInfo current = instance;
        ReportMessage content = ReportMessage.of(current == null ? "upgradeclient" : current.name(), report, smtp.publicUrl(), zone);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MAIL_LOADER);
        try {
            deliver(smtp, media, content);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void deliver(EmailSettings smtp, AlertMedia media, ReportMessage content) throws TransientException, PermanentException {
        List<Address> recipients = new ArrayList<>();
        Session session = session(smtp);
        MimeMessage message = new MimeMessage(session);
        try {
            message.setFrom(address(smtp, "from", smtp.from()));
            message.setRecipients(Message.RecipientType.TO, addresses(smtp, "to", media.to()));
            message.setRecipients(Message.RecipientType.CC, addresses(smtp, "cc", media.cc()));
            message.setSubject(content.subject(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(content.text(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(content.html(), StandardCharsets.UTF_8.name(), "html");
            // the preferred alternative comes last
            message.setContent(new MimeMultipart("alternative", text, html));
            message.saveChanges();
            recipients.addAll(List.of(message.getAllRecipients()));
        } catch (MessagingException e) {
            throw new PermanentException("alert '" + smtp.section() + "': cannot build the report mail: " + e.getMessage(), e);
        }
        // Bcc: delivered to, never written into the header
        recipients.addAll(List.of(addresses(smtp, "bcc", media.bcc())));

        String server = smtp.host() + ":" + smtp.port();
        try (Transport transport = session.getTransport(smtp.security() == EmailSettings.Security.SMTPS ? "smtps" : "smtp")) {
            transport.connect(smtp.host(), smtp.port(), smtp.user().isEmpty() ? null : smtp.user(),
                    smtp.user().isEmpty() ? null : smtp.password());
            transport.sendMessage(message, recipients.toArray(Address[]::new));
            LOG.info("Alert '{}': '{}' sent through {} to {} recipient(s)", smtp.section(), content.subject(), server, recipients.size());
        } catch (MessagingException e) {
            String failure = "alert '" + smtp.section() + "' via " + server + ": "
                    + (e instanceof AuthenticationFailedException ? "login refused for user '" + smtp.user() + "': " : "")
                    + mask(describe(e), smtp.password());
            if (isPermanent(e)) {
                throw new PermanentException(failure, e);
            }
            throw new TransientException(failure, e);
        }
    }

    private Session session(EmailSettings smtp) {
        String protocol = smtp.security() == EmailSettings.Security.SMTPS ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", protocol);
        properties.setProperty(prefix + "host", smtp.host());
        properties.setProperty(prefix + "port", String.valueOf(smtp.port()));
        properties.setProperty(prefix + "connectiontimeout", String.valueOf(smtp.connectTimeoutSeconds() * 1000L));
        properties.setProperty(prefix + "timeout", String.valueOf(smtp.timeoutSeconds() * 1000L));
        properties.setProperty(prefix + "writetimeout", String.valueOf(smtp.timeoutSeconds() * 1000L));
        properties.setProperty(prefix + "auth", String.valueOf(!smtp.user().isEmpty()));
        if (smtp.security() == EmailSettings.Security.STARTTLS) {
            properties.setProperty(prefix + "starttls.enable", "true");
            properties.setProperty(prefix + "starttls.required", "true");
        }
        if (smtp.security() == EmailSettings.Security.SMTPS) {
            properties.setProperty(prefix + "ssl.enable", "true");
        }
        // '*' trusts any certificate; checking its host name then would only reject what was just accepted
        properties.setProperty(prefix + "ssl.checkserveridentity", String.valueOf(!"*".equals(smtp.sslTrust())));
        if (!smtp.sslTrust().isEmpty()) {
            properties.setProperty(prefix + "ssl.trust", smtp.sslTrust());
        }
        properties.setProperty("mail.debug.auth", "false");
        Session session = Session.getInstance(properties);
        if (smtp.debug()) {
            session.setDebugOut(new SmtpDebugLog(debugSink, smtp.user(), smtp.password()).printStream());
            session.setDebug(true);
        }
        return session;
    }

    private static InternetAddress address(EmailSettings smtp, String field, String value) throws PermanentException {
        try {
            InternetAddress address = new InternetAddress(value, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw new PermanentException("alert '" + smtp.section() + "': " + field + " address '" + value + "' is invalid: "
                    + e.getMessage(), e);
        }
    }

    private static InternetAddress[] addresses(EmailSettings smtp, String field, List<String> values) throws PermanentException {
        Map<String, InternetAddress> distinct = new LinkedHashMap<>();
        for (String value : values) {
            distinct.putIfAbsent(value.strip(), address(smtp, field, value.strip()));
        }
        return distinct.values().toArray(InternetAddress[]::new);
    }

    /**
     * Sorts a failure: a refused login, a 5xx reply (such as a rejected address), an address the server calls
     * invalid and a certificate that cannot be trusted will not pass by waiting; a server that cannot be reached,
     * times out, drops the connection (also mid-handshake) or answers 4xx may.
     */
    static boolean isPermanent(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            return true;
        }
        int code = replyCode(e);
        if (code >= 400 && code < 600) {
            return code >= 500;
        }
        if (e instanceof SendFailedException failed && failed.getInvalidAddresses() != null && failed.getInvalidAddresses().length > 0) {
            return true;
        }
        return untrustedCertificate(e);
    }

    /**
     * A handshake the server's certificate failed (unknown issuer, expired, wrong host name) fails the same way
     * next time; a handshake the network cut off (reset, closed, timed out) is a TLS reset like any other and
     * passes — so only a certificate problem below the {@link SSLHandshakeException} makes it permanent.
     */
    private static boolean untrustedCertificate(MessagingException e) {
        boolean handshake = false;
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            handshake |= cause instanceof SSLHandshakeException;
            if (handshake && (cause instanceof CertificateException || cause instanceof CertPathBuilderException
                    || cause instanceof CertPathValidatorException)) {
                return true;
            }
        }
        return false;
    }

    /** The SMTP reply code carried by the failure or one it wraps, or -1. */
    private static int replyCode(MessagingException e) {
        for (Exception current = e; current != null;
                current = current instanceof MessagingException m ? m.getNextException() : null) {
            if (current instanceof SMTPSendFailedException sendFailed) {
                return sendFailed.getReturnCode();
            }
            if (current instanceof SMTPAddressFailedException addressFailed) {
                return addressFailed.getReturnCode();
            }
        }
        return -1;
    }

    private static String describe(MessagingException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
            text.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(")");
        }
        return text.toString().replaceAll("[\\r\\n]+", " ").strip();
    }

    private static String mask(String text, String password) {
        return password.isEmpty() ? text : text.replace(password, "********");
    }
}
