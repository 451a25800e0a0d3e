package io.upgradeclient.web.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

class ConsoleSecurityProviderTest {
    @TempDir
    Path folder;

    private final SecurityProvider provider = new ConsoleSecurityProvider(new WebSecurity(null,
            WebSecurityConfig.with("ann:admin:" + PasswordHash.create("ann-pw".toCharArray()), "vic:viewer:{plain}vic-pw"),
            new PasswordsTest.MutableClock()));

    private record Answer(Object user, Http.Response response) {
    }

    private static Answer authenticate(SecurityProvider provider, Http.Request request) {
        Http.Response response = new Http.Response();
        Object user = provider.authenticate(request.get(), response.response);
        return new Answer(user, response);
    }

    @Test
    void adminWithRightPasswordIsSignedInAndAuthorized() {
        Answer answer = authenticate(provider, new Http.Request("GET", "/system/console/bundles").basic("ann", "ann-pw"));

        assertThat(answer.user).isEqualTo(new User("ann", Role.ADMIN));
        assertThat(answer.response.status).isEqualTo(200);
        assertThat(provider.authorize(answer.user, "bundles")).isTrue();
    }

    @Test
    void viewerIsRefusedWith403AndNeverAuthorized() {
        Answer answer = authenticate(provider, new Http.Request("GET", "/system/console/bundles").basic("vic", "vic-pw"));

        assertThat(answer.user).isNull();
        assertThat(answer.response.status).isEqualTo(403);
        assertThat(answer.response.headers).doesNotContainKey("WWW-Authenticate");
        assertThat(provider.authorize(new User("vic", Role.VIEWER), "bundles")).isFalse();
        assertThat(provider.authorize("ann", "bundles")).as("a user object of another provider").isFalse();
    }

    @Test
    void wrongPasswordUnknownUserAndNoCredentialsGetABasicChallenge() {
        for (Http.Request request : new Http.Request[] {
            new Http.Request("GET", "/system/console/bundles").basic("ann", "wrong"),
            new Http.Request("GET", "/system/console/bundles").basic("admin", "admin"),
            new Http.Request("GET", "/system/console/bundles").header("Authorization", "Basic !!not-base64"),
            new Http.Request("GET", "/system/console/bundles")}) {
            Answer answer = authenticate(provider, request);

            assertThat(answer.user).isNull();
            assertThat(answer.response.status).isEqualTo(401);
            assertThat(answer.response.headers.get("WWW-Authenticate")).startsWith("Basic realm=");
            assertThat(answer.response.body()).doesNotContain("wrong");
        }
    }

    @Test
    void failedLoginsAreThrottledLikeTheWebUi() {
        for (int i = 0; i < 5; i++) {
            authenticate(provider, new Http.Request("GET", "/system/console").basic("ann", "guess" + i));
        }
        Answer answer = authenticate(provider, new Http.Request("GET", "/system/console").basic("ann", "ann-pw"));

        assertThat(answer.user).isNull();
        assertThat(answer.response.status).isEqualTo(429);
        assertThat(answer.response.headers).containsEntry("Retry-After", "60");
    }

    @Test
    void withoutConfiguredUsersTheFallbackAdminFromThePasswordFileSignsIn() throws Exception {
        Path file = folder.resolve("webconsole-password");
        Files.writeString(file, "generated-secret\n");
        SecurityProvider fallback = new ConsoleSecurityProvider(new WebSecurity(file, WebSecurityConfig.with(), new PasswordsTest.MutableClock()));

        assertThat(authenticate(fallback, new Http.Request("GET", "/system/console").basic("admin", "generated-secret")).user)
                .isEqualTo(new User("admin", Role.ADMIN));
        assertThat(authenticate(fallback, new Http.Request("GET", "/system/console").basic("admin", "admin")).response.status).isEqualTo(401);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void registersAsSecurityProviderRankedAboveTheConsolesBuiltInOne() {
        BundleContext context = mock(BundleContext.class);
        ServiceRegistration registration = mock(ServiceRegistration.class);
        when(context.registerService(eq(SecurityProvider.class), any(SecurityProvider.class), any(Dictionary.class))).thenReturn(registration);
        ArgumentCaptor<Dictionary> properties = ArgumentCaptor.forClass(Dictionary.class);

        assertThat(ConsoleSecurity.spiAvailable()).isTrue();
        ConsoleSecurity component = new ConsoleSecurity(context, WebSecurityAccess.defaults());
        verify(context).registerService(eq(SecurityProvider.class), any(ConsoleSecurityProvider.class), properties.capture());
        component.deactivate();

        assertThat((Integer) properties.getValue().get(Constants.SERVICE_RANKING)).isGreaterThan(Integer.MIN_VALUE);
        assertThat(properties.getValue().get(SecurityProvider.PROPERTY_ID)).isEqualTo(ConsoleSecurityProvider.ID);
        verify(registration).unregister();
    }
}
