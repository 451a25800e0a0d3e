package io.upgradeclient.web.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.upgradeclient.api.Secrets;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A Web Console configuration form shows every secret as the mask; saving it after changing another field must
 * keep the stored secret, not store the mask. Sent through {@link ConsoleGuard} as the console would receive it.
 */
class UnmaskingRequestTest {
    private static final String PID = "io.upgradeclient.upload~mirror";
    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void aFormSavedWithTheMaskedSecretKeepsTheStoredOne() throws Exception {
        HttpServletRequest save = configMgrPost(FORM).param("apply", "update").param("propertylist", "localpath,password,api_token,notes")
                .param("localpath", "changed").param("password", Secrets.MASK).param("api_token", Secrets.MASK)
                .param("notes", Secrets.MASK).get();

        ServletRequest seen = throughTheGuard(save);

        assertThat(seen.getParameter("password")).as("the masked password").isEqualTo("Rsync-Secret-4711");
        assertThat(seen.getParameterValues("api_token")).as("a masked secret held as an array").containsExactly("tok-en-456");
        assertThat(seen.getParameterMap().get("password")).containsExactly("Rsync-Secret-4711");
        assertThat(seen.getParameter("localpath")).as("the field the admin changed").isEqualTo("changed");
        assertThat(seen.getParameter("notes")).as("not a secret: the mask was typed, it is kept").isEqualTo(Secrets.MASK);
    }

    @Test
    void aNewlyTypedSecretIsSavedAsTyped() throws Exception {
        HttpServletRequest save = configMgrPost(FORM).param("apply", "update").param("propertylist", "password")
                .param("password", "New-Secret-99").get();

        assertThat(throughTheGuard(save).getParameter("password")).isEqualTo("New-Secret-99");
    }

    @Test
    void onlyFormSavesOfTheConfigurationManagerAreUnmasked() {
        assertThat(UnmaskingRequest.isConfigurationSave(configMgrPost(FORM + "; charset=UTF-8").get())).isTrue();
        assertThat(UnmaskingRequest.isConfigurationSave(configMgrPost("multipart/form-data; boundary=x").get()))
                .as("a bundle upload's body is left to the console").isFalse();
        HttpServletRequest bundles = new Http.Request("POST", "/system/console/bundles").get();
        when(bundles.getRequestURI()).thenReturn("/system/console/bundles");
        when(bundles.getContentType()).thenReturn(FORM);
        assertThat(UnmaskingRequest.isConfigurationSave(bundles)).isFalse();
    }

    private static Http.Request configMgrPost(String contentType) {
        String path = "/system/console/configMgr/" + PID;
        Http.Request post = new Http.Request("POST", path).header("Host", "127.0.0.1:8081").header("Origin", "http://127.0.0.1:8081");
        when(post.get().getRequestURI()).thenReturn(path);
        when(post.get().getContentType()).thenReturn(contentType);
        return post;
    }

    /** @return the request the Web Console gets after {@link ConsoleGuard} */
    private static ServletRequest throughTheGuard(HttpServletRequest request) throws Exception {
        AtomicReference<ServletRequest> passedOn = new AtomicReference<>();
        new ConsoleGuard(configAdminHolding()).doFilter(request, new Http.Response().response, (req, res) -> passedOn.set(req));
        assertThat(passedOn.get()).as("the guard let the same-origin save through").isNotNull();
        return passedOn.get();
    }

    private static ConfigurationAdmin configAdminHolding() throws Exception {
        Configuration mirror = mock(Configuration.class);
        when(mirror.getProperties()).thenAnswer(call -> {
            Dictionary<String, Object> stored = new Hashtable<>();
            stored.put("service.pid", PID);
            stored.put("localpath", "xm_upgradefiles");
            stored.put("password", "Rsync-Secret-4711");
            stored.put("api_token", new String[] {"tok-en-456"});
            return stored;
        });
        ConfigurationAdmin configAdmin = mock(ConfigurationAdmin.class);
        when(configAdmin.listConfigurations(any())).thenAnswer(call -> {
            String filter = call.getArgument(0);
            return filter == null || filter.equals("(service.pid=" + PID + ")") ? new Configuration[] {mirror} : null;
        });
        return configAdmin;
    }
}
