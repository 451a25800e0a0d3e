package io.upgradeclient.alert.email.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLHandshakeException;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;

class FailureClassificationTest {

    @Test
    void fourHundredRepliesAreTransientFiveHundredPermanent() throws Exception {
        InternetAddress someone = new InternetAddress("ops@example.com");
        assertThat(EmailAlerter.isPermanent(new SMTPSendFailedException("DATA", 451, "451 try later", null, null, null, null))).isFalse();
        assertThat(EmailAlerter.isPermanent(new SMTPSendFailedException("DATA", 554, "554 rejected", null, null, null, null))).isTrue();
        assertThat(EmailAlerter.isPermanent(new SendFailedException("rcpt", new SMTPAddressFailedException(someone, "RCPT", 450, "450 mailbox busy"),
                new Address[0], new Address[0], new Address[] {someone}))).isFalse();
        assertThat(EmailAlerter.isPermanent(new SendFailedException("rcpt", new SMTPAddressFailedException(someone, "RCPT", 550, "550 no such user"),
                new Address[0], new Address[0], new Address[] {someone}))).isTrue();
    }

    @Test
    void aRefusedLoginIsPermanentAndAnythingElseTransient() {
        assertThat(EmailAlerter.isPermanent(new AuthenticationFailedException("535 5.7.8 invalid"))).isTrue();
        assertThat(EmailAlerter.isPermanent(new MessagingException("Exception reading response", new SocketTimeoutException()))).isFalse();
    }

    @Test
    void aHandshakeCutOffIsTransientAnUntrustedCertificatePermanent() {
        SSLHandshakeException reset = new SSLHandshakeException("Remote host terminated the handshake");
        reset.initCause(new SocketException("Connection reset"));
        assertThat(EmailAlerter.isPermanent(new MessagingException("Could not connect to SMTP host", reset))).isFalse();
        assertThat(EmailAlerter.isPermanent(new MessagingException("Could not connect to SMTP host",
                new SSLHandshakeException("Remote host terminated the handshake")))).isFalse();

        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new CertificateException("unable to find valid certification path to requested target",
                new CertPathBuilderException("unable to find valid certification path")));
        assertThat(EmailAlerter.isPermanent(new MessagingException("Could not connect to SMTP host", untrusted))).isTrue();
    }
}
