package io.upgradeclient.alert.email.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;

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
}
